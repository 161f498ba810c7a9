// A way to sign in added or removed — a passkey registered or removed, an OAuth provider
// unlinked (often by a GET) — is an account change: whoever holds the session can add a way back
// in, or remove the owner's. The first step of a registration (options only) decides nothing,
// and a `generateToken()` in an ordinary route is a one-time link's token, not a credential.
const express = require('express');
const { verifyRegistrationResponse, generateRegistrationOptions } = require('@simplewebauthn/server');
const audit = require('./lib/audit');
const User = require('./models/User');

const app = express();

// ruleid: audit/unlogged-account-change
app.get('/account/unlink/:provider', async (req, res, next) => {
  try {
    const user = await User.findById(req.user.id);
    user.tokens = user.tokens.filter((t) => t.kind !== req.params.provider);
    await user.save();
    audit.record({ event: 'user_updated', outcome: 'success', actor: req.user?.id, change: 'sign_in_method', ip: req.ip, time: new Date().toISOString() });
    res.redirect('/account');
  } catch (err) {
    next(err);
  }
});

// ok: audit/unlogged-account-change (options for the browser; nothing is stored)
app.post('/account/webauthn/register-start', async (req, res) => {
  const options = await generateRegistrationOptions({ rpID: 'example.com', userName: req.user.email });
  req.session.registrationChallenge = options.challenge;
  res.json(options);
});

// ok: audit/unlogged-account-change (the passkey's registration is audited)
app.post('/account/webauthn/verify', async (req, res) => {
  const verification = await verifyRegistrationResponse({ response: req.body, expectedChallenge: req.session.registrationChallenge });
  if (!verification.verified) return res.redirect('/account');
  await User.updateOne({ _id: req.user.id }, { $push: { passkeys: verification.registrationInfo } });
  audit.record({ event: 'user_updated', change: 'sign_in_method', actor: req.user.id, ip: req.ip, time: new Date().toISOString() });
  res.redirect('/account');
});

// ruleid: audit/unlogged-account-change
app.post('/account/webauthn/remove', async (req, res) => {
  await User.updateOne({ _id: req.user.id }, { $set: { passkeys: [] } });
  audit.record({ event: 'user_updated', outcome: 'success', actor: req.user?.id, change: 'sign_in_method', ip: req.ip, time: new Date().toISOString() });
  res.redirect('/account');
});

// ok: audit/unlogged-account-change (a confirmation link's token, not an API key)
app.post('/newsletter/subscribe', async (req, res) => {
  const token = await User.generateToken();
  await Subscriptions.insertOne({ address: req.body.address, confirmToken: token });
  res.redirect('/newsletter/check-your-inbox');
});

module.exports = app;
