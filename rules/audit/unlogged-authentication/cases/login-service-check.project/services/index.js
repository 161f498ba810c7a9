'use strict';

module.exports.accountService = require('./account.service');
