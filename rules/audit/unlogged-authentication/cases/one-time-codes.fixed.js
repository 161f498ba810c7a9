// One-time codes, login links and passkey assertions checked on their own: a refusal is a failed
// login (someone tried a code or a link and was turned away); the login the check leads to is
// reported where the session is established (`req.logIn`), not at the check.
const express = require('express');
const OTPAuth = require('otpauth');
const { verifyAuthenticationResponse, generateAuthenticationOptions } = require('@simplewebauthn/server');
const audit = require('./lib/audit');
const User = require('./models/User');

const app = express();

app.post('/login/2fa/totp', async (req, res, next) => {
  const user = await User.findById(req.session.pendingUserId);
  if (!user) return res.redirect('/login');
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(user.totpSecret) });
  // ruleid: audit/unlogged-authentication
  const delta = totp.validate({ token: req.body.code, window: 1 });
  if (delta === null) {
    audit.record({ event: 'authn_login_fail', outcome: 'failure', reason: 'invalid_code', ip: req.ip, time: new Date().toISOString() });
    return res.redirect('/login/2fa/totp');
  }
  req.session.pendingUserId = undefined;
  // ruleid: audit/unlogged-authentication
  req.logIn(user, (err) => (err ? next(err) : res.redirect('/')));
});

// ok: audit/unlogged-authentication (the first step of a passkey login: options, nothing decided)
app.post('/login/webauthn-start', async (req, res) => {
  const options = await generateAuthenticationOptions({ rpID: 'example.com' });
  req.session.challenge = options.challenge;
  res.json(options);
});

app.post('/login/webauthn-verify', async (req, res, next) => {
  const user = await User.findOne({ 'passkeys.id': req.body.id });
  // ruleid: audit/unlogged-authentication
  const verification = await verifyAuthenticationResponse({ response: req.body, expectedChallenge: req.session.challenge, credential: user.passkey });
  if (!verification.verified) {
    audit.record({ event: 'authn_login_fail', outcome: 'failure', reason: 'invalid_code', ip: req.ip, time: new Date().toISOString() });
    return res.redirect('/login');
  }
  audit.record({ event: 'authn_login_success', actor: user.id, ip: req.ip, time: new Date().toISOString() });
  // ok: audit/unlogged-authentication (the login above is audited)
  req.logIn(user, (err) => (err ? next(err) : res.redirect('/')));
});

app.get('/login/verify/:token', async (req, res, next) => {
  const user = await User.findOne({ loginToken: req.params.token });
  // ok: audit/unlogged-authentication (both outcomes audited)
  if (!user || !user.consumeToken(req.params.token, req.ip)) {
    audit.record({ event: 'authn_login_fail', reason: 'invalid_link', ip: req.ip, time: new Date().toISOString() });
    return res.redirect('/login');
  }
  audit.record({ event: 'authn_login_success', actor: user.id, ip: req.ip, time: new Date().toISOString() });
  req.logIn(user, (err) => (err ? next(err) : res.redirect('/')));
});

app.post('/reset/:token', async (req, res) => {
  const user = await User.findOne({ passwordResetToken: req.params.token });
  // ruleid: audit/unlogged-authentication
  if (!user || !user.consumeToken(req.params.token, req.ip, 'passwordReset')) {
    audit.record({ event: 'authn_login_fail', outcome: 'failure', reason: 'invalid_code', ip: req.ip, time: new Date().toISOString() });
    return res.redirect('/forgot');
  }
  res.render('reset', { token: req.params.token });
});

// A code checked while the second factor is being set up is the set-up's step: the route's own
// event (the factor enabled) is the one finding.
// ruleid: audit/unlogged-authentication
app.post('/account/2fa/totp/setup', async (req, res) => {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(req.session.pendingSecret) });
  if (totp.validate({ token: req.body.code }) === null) return res.redirect('/account/2fa/totp/setup');
  await User.updateOne({ _id: req.user.id }, { twoFactorEnabled: true });
  audit.record({ event: 'user_updated', outcome: 'success', actor: req.user?.id, change: 'mfa', ip: req.ip, time: new Date().toISOString() });
  res.redirect('/account');
});

// ok: audit/unlogged-authentication (resending a code decides nothing)
app.post('/login/2fa/resend', async (req, res) => {
  await User.sendTwoFactorCode(req.session.pendingUserId);
  res.redirect('/login/2fa');
});

module.exports = app;
