'use strict';

const express = require('express');
const crypto = require('crypto');

const app = express();

app.post('/login', (req, res) => {
  // ruleid: defaults/insecure-randomness
  res.cookie('sid', Math.random().toString(36).slice(2), { httpOnly: true, secure: true, sameSite: 'lax' });
  res.json({ ok: true });
});

// ok: defaults/insecure-randomness — an iCalendar UID is unique, not secret
function calendarInvite(event) {
  const uid = `${Date.now()}-${Math.random().toString(36).slice(2)}@shop.example`;
  return `BEGIN:VEVENT\nUID:${uid}\nSUMMARY:${event.title}\nEND:VEVENT`;
}

module.exports = { app, calendarInvite, crypto };
