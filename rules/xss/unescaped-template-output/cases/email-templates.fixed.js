// Notification e-mails built with lodash templates and ad-hoc EJS strings.
const _ = require('lodash');
const ejs = require('ejs');

// ruleid: xss/unescaped-template-output
const welcome = _.template('<p>Welcome, <%- name %>!</p>');
// ok: xss/unescaped-template-output
const reset = _.template('<p>Hi <%- name %>, reset your password.</p>');

function digest(user, items) {
  // ruleid: xss/unescaped-template-output
  return ejs.render('<h2><%= user.name %></h2><ul><% items.forEach(function (i) { %><li><%= i.title %></li><% }) %></ul>', { user, items });
}

module.exports = { welcome, reset, digest };
