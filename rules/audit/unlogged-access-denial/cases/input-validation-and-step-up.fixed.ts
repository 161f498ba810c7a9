// A 401 that only rejects malformed input (an empty or mistyped new password) or asks for the next
// step of a login refuses no credential; a wrong current password or a wrong security-question
// answer (compared with what is stored) is a refusal and is reported.
import { type Request, type Response } from 'express';
import { Users, SecurityAnswers, hash } from './models';

export function changePassword() {
  return async ({ query }: Request, res: Response) => {
    const currentPassword = query.current as string;
    const newPassword = query.new as string;
    const repeatPassword = query.repeat;
    if (!newPassword || newPassword === 'undefined') {
      // ok: audit/unlogged-access-denial (input validation)
      res.status(401).send('Password cannot be empty.');
      return;
    } else if (newPassword !== repeatPassword) {
      // ok: audit/unlogged-access-denial (input validation)
      res.status(401).send('New and repeated password do not match.');
      return;
    }
    const user = await Users.current();
    if (hash(currentPassword) !== user.password) {
      // ruleid: audit/unlogged-access-denial
      auditLog({ event: 'authn_fail', outcome: 'failure', time: new Date().toISOString() });
      res.status(401).send('Current password is not correct.');
      return;
    }
    res.json(await Users.setPassword(user.id, hash(newPassword)));
  };
}

export async function resetBySecurityQuestion(req: Request, res: Response) {
  const { email, answer } = req.body;
  const stored = await SecurityAnswers.forEmail(email);
  if (stored && hash(answer) === stored.answer) {
    res.json(await Users.resetPassword(stored.userId, req.body.new));
  } else {
    // ruleid: audit/unlogged-access-denial
    auditLog({ event: 'authn_fail', outcome: 'failure', resource: req.originalUrl, ip: req.ip, time: new Date().toISOString() });
    res.status(401).send('Wrong answer to security question.');
  }
}

export async function passwordStep(req: Request, res: Response) {
  const user = await Users.byCredentials(req.body.email, req.body.password);
  if (user && user.totpSecret !== '') {
    // ok: audit/unlogged-access-denial (the next step of a login, not a refusal)
    res.status(401).json({ status: 'totp_token_required', tmpToken: await Users.tmpToken(user.id) });
  } else if (user) {
    res.json({ token: await Users.issueToken(user.id) });
  } else {
    // ruleid: audit/unlogged-access-denial
    auditLog({ event: 'authn_fail', outcome: 'failure', resource: req.originalUrl, ip: req.ip, time: new Date().toISOString() });
    res.status(401).send('Invalid email or password.');
  }
}

export async function callback(req: Request, res: Response) {
  if (!req.body.signature) {
    // ruleid: audit/unlogged-access-denial (a missing signature is a credential not presented, not malformed input)
    auditLog({ event: 'authn_fail', outcome: 'failure', resource: req.originalUrl, ip: req.ip, time: new Date().toISOString() });
    return res.status(401).send('Missing signature.');
  }
  res.json(await Users.acceptCallback(req.body));
}

/** Structured audit events (OWASP Logging Vocabulary names) as JSON lines on stdout for the SIEM; never pass secrets. */
function auditLog(event: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
}
