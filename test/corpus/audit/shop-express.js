'use strict';
const express = require('express');
const bcrypt = require('bcryptjs');
const jwt = require('jsonwebtoken');
const { securityLogger } = require('../lib/logging');

const api = express.Router();

function issueToken(user) {
  return jwt.sign({ sub: user.id, role: user.role }, process.env.JWT_SECRET, { expiresIn: '1h' });
}

api.post('/auth/login', async (req, res, next) => {
  try {
    const { username, password } = req.body;
    if (!username || !password) {
      return res.status(400).json({ message: 'username and password required' });
    }
    const account = await Account.findOne({ username }).lean();
    if (!account) {
      securityLogger.warn({ event: 'authn_login_fail', username, reason: 'unknown_user', ip: req.ip });
      return res.status(401).json({ message: 'Bad credentials' });
    }
    const good = await bcrypt.compare(password, account.password);
    if (!good) {
      securityLogger.warn({ event: 'authn_login_fail', username, reason: 'bad_password', ip: req.ip });
      return res.status(401).json({ message: 'Bad credentials' });
    }
    securityLogger.info({ event: 'authn_login_success', username, ip: req.ip });
    res.json({ token: issueToken(account) });
  } catch (e) {
    next(e);
  }
});

api.post('/auth/register', async (req, res) => {
  const { username, password, email } = req.body;
  const hash = await bcrypt.hash(password, 12);
  const account = await Account.create({ username, email, password: hash });
  // ruleid: audit/unlogged-authentication
  res.status(201).json({ id: account.id });
});

function authenticate(req, res, next) {
  const header = req.headers.authorization;
  if (!header) {
    // ruleid: audit/unlogged-access-denial
    return res.status(401).json({ message: 'Missing token' });
  }
  jwt.verify(header.split(' ')[1], process.env.JWT_SECRET, (err, claims) => {
    if (err) {
      // ruleid: audit/unlogged-authentication
      return res.status(401).json({ message: 'Invalid token' });
    }
    req.user = claims;
    next();
  });
}

function adminOnly(req, res, next) {
  if (req.user.role !== 'admin') {
    securityLogger.warn({ event: 'authz_fail', user: req.user.sub, path: req.originalUrl });
    return res.status(403).json({ message: 'Admins only' });
  }
  next();
}

api.get('/products', async (req, res) => {
  res.json(await Product.find().limit(50));
});

api.get('/products/:id', async (req, res) => {
  const p = await Product.findById(req.params.id);
  if (!p) return res.status(404).end();
  res.json(p);
});

api.post('/products', authenticate, adminOnly, async (req, res) => {
  const p = await Product.create(req.body);
  res.status(201).json(p);
});

api.delete('/admin/accounts/:id', authenticate, adminOnly, async (req, res) => {
  await Account.deleteOne({ _id: req.params.id });
  // ruleid: audit/unlogged-account-change
  res.status(204).end();
});

api.get('/orders/:id', authenticate, async (req, res) => {
  const order = await Order.findById(req.params.id);
  if (String(order.customer) !== req.user.sub) {
    // ruleid: audit/unlogged-access-denial
    return res.status(403).json({ message: 'Not your order' });
  }
  res.json(order);
});

api.get('/healthz', (_req, res) => res.send('ok'));

module.exports = api;
