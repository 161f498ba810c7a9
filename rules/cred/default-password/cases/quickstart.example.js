// The quickstart from the docs: a placeholder password a reader must replace.
const { Client } = require('pg');

const client = new Client({
  user: 'postgres',
  // ok: cred/default-password
  password: 'changeme',
  database: 'quickstart',
});

module.exports = client;
