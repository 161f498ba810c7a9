// Sign-in, sign-out and password reset.
const express = require('express');
const bcrypt = require('bcrypt');
const jwt = require('jsonwebtoken');
const db = require('../db');
const { auditLog } = require('../audit');

const router = express.Router();

router.post('/login', async (req, res) => {
  const user = await db.findUser(req.body.email);
  if (!user) {
    auditLog({ event: 'authn_login_fail', outcome: 'failure', reason: 'unknown_user', ip: req.ip });
    return res.status(401).render('login', { error: 'Wrong e-mail or password' });
  }
  const ok = await bcrypt.compare(req.body.password, user.password_hash);
  if (!ok) {
    return res.status(401).render('login', { error: 'Wrong e-mail or password' });
  }
  req.session.userId = user.id;
  auditLog({ event: 'authn_login_success', outcome: 'success', actor: user.id, ip: req.ip });
  res.redirect('/');
});

router.post('/password', async (req, res) => {
  const user = await db.findUser(req.body.email);
  const hash = await bcrypt.hash(req.body.newPassword, 12);
  await db.pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [hash, user.id]);
  res.redirect('/account');
});

router.get('/token', (req, res) => {
  const token = jwt.sign({ sub: req.session.userId }, 'shop-jwt-signing-key-2024');
  res.json({ token });
});

router.post('/logout', (req, res) => {
  const actor = req.session.userId;
  req.session.destroy(() => {
    auditLog({ event: 'authn_logout', outcome: 'success', actor, ip: req.ip });
    res.redirect('/');
  });
});

module.exports = router;
