'use strict';

const crypto = require('crypto');
const express = require('express');
const db = require('./db');
const mailer = require('./mailer');

const router = express.Router();
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

router.post('/forgot-password', async (req, res) => {
  const user = await db('users').where({ email: req.body.email }).first();
  if (user) {
    // ruleid: defaults/insecure-randomness
    const resetToken = Math.random().toString(36).slice(2) + Date.now().toString(36);
    await db('password_resets').insert({ user_id: user.id, token: resetToken });
    await mailer.send(user.email, 'reset', { token: resetToken });
  }
  res.json({ ok: true });
});

function giftCardCode() {
  const groups = [];
  for (let g = 0; g < 3; g++) {
    let s = '';
    // ruleid: defaults/insecure-randomness
    for (let i = 0; i < 4; i++) s += CODE_CHARS[Math.floor(Math.random() * CODE_CHARS.length)];
    groups.push(s);
  }
  return groups.join('-');
}

async function createInvite(teamId) {
  // ruleid: defaults/insecure-randomness
  await db('invites').insert({ team_id: teamId, code: String(Math.random()).slice(2, 10) });
}

// ok: defaults/insecure-randomness — retry jitter
async function withRetry(fn, attempts = 3) {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i + 1 >= attempts) throw err;
      const backoff = 2 ** i * 200 + Math.random() * 100;
      await new Promise((r) => setTimeout(r, backoff));
    }
  }
}

// ok: defaults/insecure-randomness — a shuffle for a product carousel
function shuffle(list) {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ok: defaults/insecure-randomness — the paved road
function apiKey() {
  return crypto.randomBytes(32).toString('base64url');
}

module.exports = { router, giftCardCode, createInvite, withRetry, shuffle, apiKey };
