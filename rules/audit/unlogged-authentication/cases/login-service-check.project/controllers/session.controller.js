'use strict';

const { accountService } = require('../services');

// The service checks the password and refuses (a throw): it is reported there, and its fix logs the
// failure and the success there. The route is a login without an event too, but an edit here as well
// would log each sign-in twice when both fixes are applied (`scan --fix-unsafe`): guidance only.
// ruleid: audit/unlogged-authentication (guidance only: the credential is checked in the service)
const signIn = async (req, res) => {
  const account = await accountService.signInWithPassword(req.body.email, req.body.password);
  res.send({ id: account.id });
};

// The service answers null for a wrong password and the route refuses with 401 itself: the route
// decides, so the event goes here (an edit), not in the service.
// ruleid: audit/unlogged-authentication (edit: the route refuses on the service's answer)
const signInLegacy = async (req, res) => {
  const account = await accountService.findByCredentials(req.body.email, req.body.password);
  // ruleid: audit/unlogged-authentication (edit: the failure is the route's own)
  if (!account) return res.status(401).send({ error: 'Incorrect email or password' });
  res.send({ id: account.id });
};

module.exports = { signIn, signInLegacy };
