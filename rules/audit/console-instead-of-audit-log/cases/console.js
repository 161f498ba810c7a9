// Security events written only with console.* — not an audit trail.
const express = require('express');
const bcrypt = require('bcrypt');

const app = express();

app.post('/login', async (req, res) => {
  const user = await db.users.findOne({ email: req.body.email });
  // ruleid: audit/console-instead-of-audit-log
  if (!user || !(await bcrypt.compare(req.body.password, user.hash))) {
    console.log('login failed for', req.body.email);
    return res.status(401).end();
  }
  console.log('login ok', user.id);
  res.json({ id: user.id });
});

app.delete('/api/tokens/:id', async (req, res) => {
  if (req.user.id !== (await tokens.owner(req.params.id))) {
    console.warn('forbidden token revoke', req.user.id);
    // ruleid: audit/console-instead-of-audit-log
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
