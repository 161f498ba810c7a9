// An Express login handler with no audit events (audit/unlogged-authentication flags both branches),
// shared by the fix tests: `extra` lines go after the requires.
export function loginHandler(extra: string[] = []): string {
  return [
    "const express = require('express');",
    ...extra,
    'const router = express.Router();',
    "router.post('/login', async (req, res) => {",
    '  const user = await users.findOne({ email: req.body.email });',
    '  if (!user || !(await user.checkPassword(req.body.password))) {',
    "    return res.status(401).json({ error: 'invalid credentials' });",
    '  }',
    '  req.session.userId = user.id;',
    '  res.json({ ok: true });',
    '});',
    'module.exports = router;',
    '',
  ].join('\n');
}
