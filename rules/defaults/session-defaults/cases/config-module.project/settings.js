'use strict';

module.exports = {
  portal: {
    name: 'portal.sid',
    resave: false,
    // ruleid: defaults/session-defaults
    saveUninitialized: true,
  },
  admin: {
    name: 'admin.sid',
    resave: false,
    // ok: defaults/session-defaults
    saveUninitialized: false,
  },
};
