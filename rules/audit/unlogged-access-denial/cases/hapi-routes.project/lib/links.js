'use strict';

const crypto = require('crypto');

exports.verify = (id, sig) => {
  const want = crypto.createHmac('sha256', process.env.LINK_KEY).update(String(id)).digest('hex');
  return typeof sig === 'string' && sig.length === want.length && crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(want));
};
