'use strict';

module.exports = {
  session: {
    name: 'portal.sid',
    resave: false,
    saveUninitialized: false,
    // ruleid: defaults/insecure-cookie
    cookie: { httpOnly: true, secure: false, sameSite: 'lax' },
  },
};
