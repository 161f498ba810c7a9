'use strict';

const crypto = require('crypto');
const config = require('../config');

function signReceiptLink(orderId) {
  const payload = `${config.receipts.linkPrefix}.${orderId}`;
  const sig = crypto.createHmac('sha256', config.receipts.linkKey).update(payload).digest('base64url');
  const other = crypto.createHmac('sha256', config.fallbackKey).update(payload).digest('hex');
  return `${payload}.${sig}.${other}`;
}

module.exports = { signReceiptLink };
