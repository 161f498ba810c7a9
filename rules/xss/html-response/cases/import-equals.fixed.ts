// Express handlers in a TypeScript codebase that imports with `import x = require('y')`.
import express = require('express');
import escape = require('escape-html');

const app = express();

app.get('/hello', (req, res) => {
  // ok: xss/html-response (escape-html, imported with import-equals, is a sanitizer)
  res.send('<p>Hello ' + escape(String(req.query.name)) + '</p>');
});

app.get('/raw', (req, res) => {
  // ruleid: xss/html-response
  res.send('<p>Hello ' + escape(req.query.name) + '</p>');
});
