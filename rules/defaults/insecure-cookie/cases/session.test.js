// A test server: throwaway sessions over plain HTTP on purpose.
const express = require('express');
const session = require('express-session');
const request = require('supertest');

describe('contact form', () => {
  const app = express();
  // ok: defaults/insecure-cookie — a test file
  app.use(session({ secret: 'test', resave: false, saveUninitialized: true }));
  app.post('/login', (req, res) => {
    // ok: defaults/insecure-cookie — a test file
    res.cookie('sid', 'test-session');
    res.end();
  });

  it('sets a session', async () => {
    await request(app).post('/login').expect(200);
  });
});
