// Sequelize connections: SQLite has no login, so its user and password arguments are ignored words.
import { Sequelize } from 'sequelize';

// ok: cred/default-password
export const local = new Sequelize('database', 'username', 'password', {
  dialect: 'sqlite',
  storage: 'data/juice.sqlite',
});

// ruleid: cred/default-password
export const reporting = new Sequelize('reports', 'postgres', requireEnv('DB_PASSWORD'), {
  dialect: 'postgres',
  host: 'db.internal',
});

/** A required setting from the environment; fails fast when it is missing instead of running without it. */
function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: add it to the environment (see .env.example)`);
  return value;
}
