// Server setup with the defaults from the libraries' READMEs left in place.
import express from 'express';
import session from 'express-session';
import mysql from 'mysql2/promise';

const app = express();
// ruleid: cred/default-password
app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: true }));

export const db = mysql.createPool({
  host: 'localhost',
  // ok: cred/default-password
  user: 'root',
  // ruleid: cred/default-password
  password: 'root',
  database: 'shop',
});

// ruleid: cred/default-password
const ADMIN_PASSWORD = 'password123';

export function isAdmin(user: string, password: string): boolean {
  // ruleid: cred/default-password
  return user === 'admin' && password === 'letmein';
}

// Not credentials: roles, usernames, labels, input types.
// ok: cred/default-password
const role = 'admin';
// ok: cred/default-password
const inputType = 'password';
// ok: cred/default-password
const labels = { password: 'Password', admin: 'Administrator' };

export { app, ADMIN_PASSWORD, role, inputType, labels };
