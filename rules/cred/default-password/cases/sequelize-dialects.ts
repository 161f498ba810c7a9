// Sequelize connections: SQLite has no login, so its user and password arguments are ignored words.
import { Sequelize } from 'sequelize';

// ok: cred/default-password
export const local = new Sequelize('database', 'username', 'password', {
  dialect: 'sqlite',
  storage: 'data/juice.sqlite',
});

// ruleid: cred/default-password
export const reporting = new Sequelize('reports', 'postgres', 'password', {
  dialect: 'postgres',
  host: 'db.internal',
});
