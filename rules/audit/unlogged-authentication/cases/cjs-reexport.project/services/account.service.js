'use strict';

const User = require('../models/User');

// The reset is decided (token refused) and stored here: reported here, by unlogged-account-change.
const resetPassword = async (token, newPassword) => {
  const user = await User.findOne({ resetToken: token });
  if (!user) throw new Error('invalid token');
  await User.updateOne({ _id: user.id }, { password: newPassword });
};

module.exports = { resetPassword };
