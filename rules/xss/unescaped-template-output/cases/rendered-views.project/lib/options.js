'use strict';

const crypto = require('node:crypto');

exports.makeOptions = async (rp) => ({ rp, challenge: crypto.randomBytes(32).toString('base64url') });
