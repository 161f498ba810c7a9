'use strict';

const escapeHtml = require('escape-html');
const { makeOptions } = require('../lib/options');

exports.login = async (req, res) => {
  const options = await makeOptions({ rp: 'example' });
  res.render('account/login', {
    title: 'Sign in',
    options: JSON.stringify(options),
    banner: `<b>${escapeHtml(req.query.from)}</b>`,
    note: req.query.note,
  });
};

exports.profile = async (req, res) => {
  const user = await req.app.locals.users.findById(req.params.id);
  res.render('account/profile', { bio: user.bio, prefs: JSON.stringify(await req.app.locals.users.findOne(req.params.id)) });
};

exports.profileAgain = (req, res) => {
  res.render('account/profile', { bio: 'A constant here does not make the other render safe', prefs: '{}' });
};

exports.register = async (req, res) => {
  const { user } = req;
  const options = await makeOptions({ rp: 'example', displayName: user.profile.name });
  res.render('account/register', { options: JSON.stringify(options) });
};
