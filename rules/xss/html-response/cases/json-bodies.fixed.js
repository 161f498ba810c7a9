// An Express JSON API: records from the service layer and object literals are sent as JSON, not HTML.
const express = require('express');
const { userService } = require('./services');
const User = require('./models/user');

const router = express.Router();

router.post('/users', async (req, res) => {
  const user = await userService.createUser(req.body);
  // ok: xss/html-response
  res.status(201).send(user);
});

router.get('/users', async (req, res) => {
  const result = await userService.queryUsers({ name: req.query.name }, req.query);
  // ok: xss/html-response
  res.send(result);
});

router.get('/users/:userId', async (req, res) => {
  const user = await User.findById(req.params.userId);
  // ok: xss/html-response
  res.send(user.toJSON());
});

router.patch('/users/:userId', async (req, res) => {
  // ok: xss/html-response
  res.send(await userService.updateUserById(req.params.userId, req.body));
});

router.get('/echo', (req, res) => {
  // ok: xss/html-response
  res.send({ q: req.query.q, at: Date.now() });
});

router.get('/tags', (req, res) => {
  const tags = [req.query.a, req.query.b];
  // ok: xss/html-response
  res.send(tags);
});

router.get('/copy', (req, res) => {
  const copy = Object.assign({}, req.query);
  // ok: xss/html-response
  res.send(copy);
});

// A string is still HTML to Express, whatever the service is called.
router.get('/greeting', async (req, res) => {
  const html = await userService.createGreeting(req.query.name);
  // ruleid: xss/html-response
  res.send(html);
});

router.get('/card', async (req, res) => {
  // ruleid: xss/html-response
  res.send(await userService.renderCard(req.query.id));
});

router.get('/hello', (req, res) => {
  const message = req.query.ok ? { ok: true } : `<p>${req.query.name}</p>`;
  // ruleid: xss/html-response
  res.send(message);
});

module.exports = router;
