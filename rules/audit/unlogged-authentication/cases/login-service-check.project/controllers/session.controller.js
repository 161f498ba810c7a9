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

module.exports = { signIn };
