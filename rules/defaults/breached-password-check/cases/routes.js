const express = require('express');
const { body, validationResult } = require('express-validator');

const router = express.Router();

router.post(
  '/login',
  // ok: defaults/breached-password-check — a login form checks a password, it sets none
  body('password').isString().isLength({ min: 8, max: 200 }),
  async (req, res) => {
    if (!validationResult(req).isEmpty()) return res.status(400).end();
    res.json(await signIn(req.body.email, req.body.password));
  },
);

router.post(
  '/password',
  // ruleid: defaults/breached-password-check
  body('newPassword').isLength({ min: 12, max: 200 }),
  async (req, res) => {
    if (!validationResult(req).isEmpty()) return res.status(400).end();
    await changePassword(req.user.id, req.body.newPassword);
    res.status(204).end();
  },
);

module.exports = router;
