'use strict';

const crypto = require('crypto');
const Users = require('../models/users');

class NotAllowed extends Error {}

async function issueTemporary(actor, staffId) {
  if (actor.role !== 'manager') throw new NotAllowed('managers only');
  const temporary = crypto.randomBytes(9).toString('base64url');
  await Users.updateOne({ _id: staffId }, { $set: { password: temporary, mustChange: true } });
  return temporary;
}

module.exports = { issueTemporary, NotAllowed };
