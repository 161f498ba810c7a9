// Server setup with the defaults from the libraries' READMEs left in place.
import express from 'express';
import session from 'express-session';
import mysql from 'mysql2/promise';

const app = express();
// ruleid: cred/default-password
app.use(session({ secret: requireEnv('SESSION_SECRET'), resave: false, saveUninitialized: true }));

export const db = mysql.createPool({
  host: 'localhost',
  // ok: cred/default-password
  user: 'root',
  // ruleid: cred/default-password
  password: requireEnv('DB_PASSWORD'),
  database: 'shop',
});

// ruleid: cred/default-password
const ADMIN_PASSWORD = requireEnv('ADMIN_PASSWORD');

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

/** A required setting from the environment; fails fast when it is missing instead of running without it. */
function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: add it to the environment (see .env.example)`);
  return value;
}
