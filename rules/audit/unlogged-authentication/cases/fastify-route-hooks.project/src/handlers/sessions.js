import argon2 from 'argon2';

// Registered in src/routes/sessions.js behind the audit hook: its outcomes are audited there.
export async function login(request, reply) {
  const { email, password } = request.body;
  const member = await request.server.members.byEmail(email);
  // ok: audit/unlogged-authentication
  if (!member || !(await argon2.verify(member.passwordHash, password))) {
    return reply.code(401).send({ error: 'bad credentials' });
  }
  request.session.set('uid', member.id);
  return { ok: true };
}

// Registered with an options object whose hooks write nothing.
export async function apiLogin(request, reply) {
  const { email, password } = request.body;
  const member = await request.server.members.byEmail(email);
  // ruleid: audit/unlogged-authentication
  if (!member || !(await argon2.verify(member.passwordHash, password))) {
    return reply.code(401).send({ error: 'bad credentials' });
  }
  return { token: await request.server.tokens.issue(member.id) };
}
