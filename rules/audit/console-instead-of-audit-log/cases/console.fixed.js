// Security events written only with console.* — not an audit trail.
const express = require('express');
const bcrypt = require('bcrypt');

const app = express();

app.post('/login', async (req, res) => {
  const user = await db.users.findOne({ email: req.body.email });
  // ruleid: audit/console-instead-of-audit-log
  if (!user || !(await bcrypt.compare(req.body.password, user.hash))) {
    auditLog({ event: 'authn_login_fail', outcome: 'failure', actor: req.body.email, ip: req.ip, time: new Date().toISOString() });
    console.log('login failed for', req.body.email);
    return res.status(401).end();
  }
  auditLog({ event: 'authn_login_success', outcome: 'success', actor: req.body.email, ip: req.ip, time: new Date().toISOString() });
  console.log('login ok', user.id);
  res.json({ id: user.id });
});

app.delete('/api/tokens/:id', async (req, res) => {
  if (req.user.id !== (await tokens.owner(req.params.id))) {
    console.warn('forbidden token revoke', req.user.id);
    // ruleid: audit/console-instead-of-audit-log
    auditLog({ event: 'authz_fail', outcome: 'failure', actor: req.user?.id, resource: req.originalUrl, ip: req.ip, time: new Date().toISOString() });
    return res.sendStatus(403);
  }
  await tokens.revoke(req.params.id);
  res.sendStatus(204);
});

// ok: audit/console-instead-of-audit-log
app.get('/health', (req, res) => {
  console.log('health check');
  res.send('ok');
});

module.exports = app;

/** Structured audit events (OWASP Logging Vocabulary names) as JSON lines on stdout for the SIEM; never pass secrets. */
function auditLog(event) {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
}
