'use strict';

// CommonJS re-exports: the controller reaches the service through this index.
module.exports.accountService = require('./account.service');
