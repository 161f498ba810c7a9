// Badge markup chosen from a table, and a theme endpoint that merges the request into the table:
// after `Object.assign(BADGES, req.body)` a lookup can yield the caller's own markup.
const express = require('express');

const app = express();
app.use(express.json());
const BADGES = { admin: '<span class="badge badge-red">admin</span>', member: '<span class="badge">member</span>' };
const ICONS = { ok: '<svg class="i-ok"></svg>', warn: '<svg class="i-warn"></svg>' };

app.post('/theme', (req, res) => {
  Object.assign(BADGES, req.body);
  res.sendStatus(204);
});

app.get('/badge/:role', (req, res) => {
  res.type('html');
  // ruleid: xss/html-response
  res.send(BADGES[req.params.role]);
});

app.get('/icon/:name', (req, res) => {
  res.type('html');
  // ok: xss/html-response (a constant table nothing writes to)
  res.send(ICONS[req.params.name]);
});
