'use strict';

const User = require('../models/User');

// Stores the new password: the reset is reported here, where the value is stored, and not again
// at the route that hands it over (one event, one finding).
exports.resetPassword = async (token, password) => {
  const user = await User.findOne({ resetToken: token });
  user.password = password;
  // ruleid: audit/unlogged-account-change
  await User.updateOne({ _id: user.id }, { password });
};

// Removes the account's records; the route that calls it decides and is reported.
exports.close = async (id) => {
  await User.deleteOne({ _id: id });
};
