// Handlebars helpers of a server-rendered shop.
const Handlebars = require('handlebars');

Handlebars.registerHelper('card', function (title, options) {
  // ok: xss/framework-raw-html
  return new Handlebars.SafeString(`<div class="card"><h3>${Handlebars.escapeExpression(title)}</h3>${options.fn(this)}</div>`);
});

Handlebars.registerHelper('unlessEmpty', function (list, options) {
  // ok: xss/framework-raw-html
  return new Handlebars.SafeString(list.length ? options.fn(this) : options.inverse(this));
});

Handlebars.registerHelper('note', function (text, options) {
  // ruleid: xss/framework-raw-html
  return new Handlebars.SafeString(`<aside>${text}</aside>${options.fn(this)}`);
});
