// A wrong CAPTCHA or quiz answer is a user error, not an access decision; a refusal written with a
// status constant (http-status, http-status-codes, Nest HttpStatus) or a custom error class is one.
const express = require('express');
const httpStatus = require('http-status');
const { StatusCodes } = require('http-status-codes');
const ApiError = require('./ApiError');
const createError = require('http-errors');

const router = express.Router();

const verifyCaptcha = () => async (req, res, next) => {
  try {
    const captcha = await Captchas.findOne({ id: req.body.captchaId });
    if (captcha && req.body.captcha === captcha.answer) {
      next();
    } else {
      // ok: audit/unlogged-access-denial
      res.status(401).send('Wrong answer to CAPTCHA. Please try again.');
    }
  } catch (error) {
    // ok: audit/unlogged-access-denial
    res.status(401).send('Something went wrong while checking the CAPTCHA.');
  }
};

router.post('/quiz/:id', async (req, res) => {
  const quiz = await Quizzes.get(req.params.id);
  if (req.body.answer !== quiz.answer) {
    // ok: audit/unlogged-access-denial
    return res.status(403).json({ correct: false });
  }
  res.json({ correct: true });
});

router.post('/feedback', verifyCaptcha(), async (req, res) => {
  if (!req.user) {
    // ruleid: audit/unlogged-access-denial
    auditLog({ event: 'authn_fail', outcome: 'failure', resource: req.originalUrl, ip: req.ip, time: new Date().toISOString() });
    return res.status(401).send('You need to be logged in to send feedback.');
  }
  res.status(201).json(await Feedback.create(req.body));
});

const requireRights = (...rights) => (req, res, next) => {
  if (!rights.every((r) => req.user.rights.includes(r))) {
    // ruleid: audit/unlogged-access-denial
    auditLog({ event: 'authz_fail', outcome: 'failure', actor: req.user?.id, resource: req.originalUrl, ip: req.ip, time: new Date().toISOString() });
    return next(new ApiError(httpStatus.FORBIDDEN, 'Forbidden'));
  }
  next();
};

router.delete('/reports/:id', requireRights('manageReports'), async (req, res) => {
  const report = await Reports.get(req.params.id);
  if (report.ownerId !== req.user.id) {
    // ruleid: audit/unlogged-access-denial
    auditLog({ event: 'authz_fail', outcome: 'failure', actor: req.user?.id, resource: req.originalUrl, ip: req.ip, time: new Date().toISOString() });
    res.sendStatus(StatusCodes.FORBIDDEN);
    return;
  }
  await report.remove();
  res.sendStatus(204);
});

router.get('/exports/:id', (req, res, next) => {
  if (!req.user.scopes.includes('export')) {
    // ruleid: audit/unlogged-access-denial
    auditLog({ event: 'authz_fail', outcome: 'failure', actor: req.user?.id, resource: req.originalUrl, ip: req.ip, time: new Date().toISOString() });
    return next(createError(httpStatus.FORBIDDEN, 'missing export scope'));
  }
  res.download(exportPath(req.params.id));
});

module.exports = router;

/** Structured audit events (OWASP Logging Vocabulary names) as JSON lines on stdout for the SIEM; never pass secrets. */
function auditLog(event) {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
}
