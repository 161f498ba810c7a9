// A login recorded only as a sentence through winston or log4js is not an audit event: nothing a
// SIEM can query by event, actor or outcome. It is reported like a missing event (console-only
// paths have their own rule, audit/console-instead-of-audit-log).
const express = require('express');
const bcrypt = require('bcryptjs');
const winston = require('winston');
const log4js = require('log4js');

const logger = winston.createLogger({ transports: [new winston.transports.File({ filename: 'app.log' })] });
const log = log4js.getLogger('auth');
const router = express.Router();

router.post('/login', async (req, res) => {
  const user = await Users.findOne({ email: req.body.email });
  // ruleid: audit/unlogged-authentication
  if (!user || !(await bcrypt.compare(req.body.password, user.hash))) {
    logger.warn({ event: 'authn_login_fail', outcome: 'failure', actor: req.body.email, ip: req.ip, time: new Date().toISOString() });
    logger.info('Failed login for ' + req.body.email);
    return res.status(401).send('Invalid credentials');
  }
  logger.info({ event: 'authn_login_success', outcome: 'success', actor: req.body.email, ip: req.ip, time: new Date().toISOString() });
  log.info('Successful login');
  res.json({ token: await Users.issueToken(user.id) });
});

// Structured events through the same loggers are audit events.
router.post('/v2/login', async (req, res) => {
  const user = await Users.findOne({ email: req.body.email });
  // ok: audit/unlogged-authentication
  if (!user || !(await bcrypt.compare(req.body.password, user.hash))) {
    logger.warn({ event: 'authn_login_fail', outcome: 'failure', actor: req.body.email, ip: req.ip });
    return res.status(401).send('Invalid credentials');
  }
  log.info('authn_login_success', { actor: user.id, ip: req.ip });
  res.json({ token: await Users.issueToken(user.id) });
});

module.exports = router;
