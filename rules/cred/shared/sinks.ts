// Where a value is used as a credential: the key argument of signing and encryption calls, the
// secret options of session middleware, database and SDK clients. Resolved with Facts.moduleOf, so
// `jwt.sign`, `import { sign } from 'jsonwebtoken'` and `require('jsonwebtoken').sign` are one sink.

export type SinkRole = 'password' | 'secret' | 'key' | 'token';

export interface SecretSink {
  /** Packages whose values make the call a sink (a subpath such as `mysql2/promise` counts). */
  modules: string[];
  /** The last property of the callee's module path (`sign`), '' for the module value itself (`new Stripe(…)`), '*' for any. */
  names: string[];
  /** Positional argument holding the credential. */
  arg?: number;
  /** Option keys (at any depth of the options object) holding the credential. */
  options?: string[];
  /** A property of the module's value that is assigned the credential (`app.keys = […]` on a Koa app). */
  property?: string;
  role: SinkRole;
  /** "the JWT signing key" */
  what: string;
  /** What someone holding the value can do. */
  impact: string;
  envName: string;
}

const DB_MODULES = [
  'pg',
  'pg-pool',
  'mysql',
  'mysql2',
  'mssql',
  'tedious',
  'oracledb',
  'mongodb',
  'mongoose',
  'typeorm',
  'knex',
  'sequelize',
  '@prisma/client',
  'postgres',
  'slonik',
  'mariadb',
  'pg-promise',
  'better-sqlite3',
  'sqlite3',
  'cassandra-driver',
  'neo4j-driver',
];

export const SECRET_SINKS: readonly SecretSink[] = [
  {
    modules: ['jsonwebtoken'],
    names: ['sign', 'verify'],
    arg: 1,
    role: 'key',
    what: 'the JWT signing key',
    impact: 'forge a valid token for any user',
    envName: 'JWT_SECRET',
  },
  {
    modules: [
      'express-jwt',
      'koa-jwt',
      '@fastify/jwt',
      'fastify-jwt',
      '@nestjs/jwt',
      'hapi-auth-jwt2',
      'express-jwt-permissions',
    ],
    names: ['', 'expressjwt', 'register', 'JwtModule'],
    options: ['secret', 'key', 'privateKey'],
    role: 'key',
    what: 'the JWT signing key',
    impact: 'forge a valid token for any user',
    envName: 'JWT_SECRET',
  },
  {
    modules: ['@nestjs/jwt'],
    names: ['register', 'registerAsync', 'JwtService', 'sign', 'signAsync', 'verify'],
    options: ['secret', 'privateKey'],
    role: 'key',
    what: 'the JWT signing key',
    impact: 'forge a valid token for any user',
    envName: 'JWT_SECRET',
  },
  {
    modules: ['passport-jwt'],
    names: ['Strategy', ''],
    options: ['secretOrKey'],
    role: 'key',
    what: 'the JWT verification key',
    impact: 'forge a valid token for any user',
    envName: 'JWT_SECRET',
  },
  {
    // Not koa-session: its `key` is the cookie's name (`koa.sess`); its secrets are the app's `keys`.
    modules: [
      'express-session',
      '@fastify/session',
      'fastify-session',
      '@fastify/secure-session',
      'iron-session',
      'next-iron-session',
      'cookie-session',
    ],
    names: ['', 'getIronSession', 'withIronSessionApiRoute', 'ironSession'],
    options: ['secret', 'password', 'keys'],
    role: 'secret',
    what: 'the session secret',
    impact: 'forge a session cookie and log in as anyone',
    envName: 'SESSION_SECRET',
  },
  {
    // Koa signs cookies (and koa-session's session cookie) with the app's `keys`: `app.keys = [...]`.
    modules: ['koa'],
    names: [''],
    property: 'keys',
    role: 'secret',
    what: 'the cookie-signing keys',
    impact: 'forge a signed cookie (a koa-session session) and log in as anyone',
    envName: 'COOKIE_KEYS',
  },
  {
    // Elsewhere `key` names the cookie (express-session's old alias of `name`); here it is the sealing key.
    modules: ['@fastify/secure-session'],
    names: [''],
    options: ['key'],
    role: 'secret',
    what: 'the session secret',
    impact: 'forge a session cookie and log in as anyone',
    envName: 'SESSION_SECRET',
  },
  {
    modules: ['cookie-parser'],
    names: [''],
    arg: 0,
    role: 'secret',
    what: 'the cookie signing secret',
    impact: 'forge signed cookies',
    envName: 'COOKIE_SECRET',
  },
  {
    modules: ['@fastify/cookie'],
    names: [''],
    options: ['secret'],
    role: 'secret',
    what: 'the cookie signing secret',
    impact: 'forge signed cookies',
    envName: 'COOKIE_SECRET',
  },
  {
    modules: ['crypto'],
    names: ['createHmac'],
    arg: 1,
    role: 'key',
    what: 'the HMAC key',
    impact: 'forge signatures that your code accepts',
    envName: 'HMAC_SECRET',
  },
  {
    modules: ['crypto'],
    names: ['createCipheriv', 'createDecipheriv'],
    arg: 1,
    role: 'key',
    what: 'the encryption key',
    impact: 'decrypt everything it protects',
    envName: 'ENCRYPTION_KEY',
  },
  {
    modules: ['crypto'],
    names: ['pbkdf2', 'pbkdf2Sync', 'scrypt', 'scryptSync'],
    arg: 0,
    role: 'secret',
    what: 'the password an encryption key is derived from',
    impact: 'derive the key and decrypt everything it protects',
    envName: 'ENCRYPTION_PASSWORD',
  },
  {
    modules: ['crypto-js'],
    names: ['encrypt', 'decrypt', 'HmacSHA256', 'HmacSHA512', 'HmacSHA1', 'HmacMD5'],
    arg: 1,
    role: 'key',
    what: 'the encryption key',
    impact: 'decrypt everything it protects',
    envName: 'ENCRYPTION_KEY',
  },
  {
    modules: DB_MODULES,
    names: ['*'],
    options: ['password', 'pass', 'pwd'],
    role: 'password',
    what: 'the database password',
    impact: 'log in to the database',
    envName: 'DB_PASSWORD',
  },
  {
    modules: ['sequelize'],
    names: ['', 'Sequelize'],
    arg: 2,
    role: 'password',
    what: 'the database password',
    impact: 'log in to the database',
    envName: 'DB_PASSWORD',
  },
  {
    modules: ['redis', 'ioredis', '@redis/client'],
    names: ['*'],
    options: ['password'],
    role: 'password',
    what: 'the Redis password',
    impact: 'read and write the cache',
    envName: 'REDIS_PASSWORD',
  },
  {
    modules: ['amqplib', 'kafkajs'],
    names: ['*'],
    options: ['password'],
    role: 'password',
    what: 'the message broker password',
    impact: 'read and publish messages',
    envName: 'BROKER_PASSWORD',
  },
  {
    modules: ['nodemailer'],
    names: ['*'],
    options: ['pass', 'password'],
    role: 'password',
    what: 'the SMTP password',
    impact: 'send mail as you',
    envName: 'SMTP_PASSWORD',
  },
  {
    modules: ['ldapjs'],
    names: ['bind'],
    arg: 1,
    role: 'password',
    what: 'the LDAP bind password',
    impact: 'query the directory',
    envName: 'LDAP_PASSWORD',
  },
  {
    modules: ['bcrypt', 'bcryptjs', 'argon2', '@node-rs/bcrypt', '@node-rs/argon2'],
    names: ['hash', 'hashSync'],
    arg: 0,
    role: 'password',
    what: "a seeded account's password",
    impact: 'log in with it',
    envName: 'SEED_USER_PASSWORD',
  },
  {
    modules: ['stripe'],
    names: ['', 'Stripe'],
    arg: 0,
    role: 'token',
    what: 'the Stripe secret key',
    impact: "charge, refund and read your customers' payments",
    envName: 'STRIPE_SECRET_KEY',
  },
  {
    modules: ['openai'],
    names: ['*'],
    options: ['apiKey'],
    role: 'token',
    what: 'the OpenAI API key',
    impact: 'spend your API budget and read your data',
    envName: 'OPENAI_API_KEY',
  },
  {
    modules: ['@anthropic-ai/sdk'],
    names: ['*'],
    options: ['apiKey'],
    role: 'token',
    what: 'the Anthropic API key',
    impact: 'spend your API budget',
    envName: 'ANTHROPIC_API_KEY',
  },
  {
    modules: ['twilio'],
    names: ['', 'Twilio'],
    arg: 1,
    role: 'token',
    what: 'the Twilio auth token',
    impact: 'send messages and calls billed to you',
    envName: 'TWILIO_AUTH_TOKEN',
  },
  {
    modules: ['@sendgrid/mail', '@sendgrid/client'],
    names: ['setApiKey'],
    arg: 0,
    role: 'token',
    what: 'the SendGrid API key',
    impact: 'send mail as you',
    envName: 'SENDGRID_API_KEY',
  },
  {
    modules: ['@slack/web-api', '@slack/bolt'],
    names: ['WebClient', 'App'],
    arg: 0,
    options: ['token', 'signingSecret', 'clientSecret'],
    role: 'token',
    what: 'the Slack token',
    impact: 'read and post in your workspace',
    envName: 'SLACK_TOKEN',
  },
  {
    modules: ['@octokit/rest', 'octokit', '@octokit/core'],
    names: ['*'],
    options: ['auth'],
    role: 'token',
    what: 'the GitHub token',
    impact: 'act on your repositories',
    envName: 'GITHUB_TOKEN',
  },
  {
    modules: ['discord.js'],
    names: ['login'],
    arg: 0,
    role: 'token',
    what: 'the Discord bot token',
    impact: 'control the bot',
    envName: 'DISCORD_TOKEN',
  },
  {
    modules: ['telegraf', 'node-telegram-bot-api', 'grammy'],
    names: ['', 'Telegraf', 'Bot'],
    arg: 0,
    role: 'token',
    what: 'the Telegram bot token',
    impact: 'control the bot',
    envName: 'TELEGRAM_BOT_TOKEN',
  },
  {
    modules: [
      '@aws-sdk/client-s3',
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-sqs',
      '@aws-sdk/client-sns',
      '@aws-sdk/client-ses',
      'aws-sdk',
      '@aws-sdk/client-lambda',
      '@aws-sdk/client-secrets-manager',
    ],
    names: ['*'],
    options: ['secretAccessKey', 'sessionToken'],
    role: 'key',
    what: 'the AWS secret access key',
    impact: 'use your AWS account',
    envName: 'AWS_SECRET_ACCESS_KEY',
  },
  {
    modules: ['firebase-admin'],
    names: ['cert'],
    options: ['privateKey', 'private_key'],
    role: 'key',
    what: 'the service account private key',
    impact: 'act as the service account',
    envName: 'FIREBASE_PRIVATE_KEY',
  },
];

/** The sinks with a positional credential argument, in SECRET_SINKS order. */
export const POSITIONAL_SINKS: readonly SecretSink[] = SECRET_SINKS.filter((s) => s.arg !== undefined);

const packages = new Map<string, string>();

export function sinkMatches(sink: SecretSink, module: string, path: string[]): boolean {
  // The package of a module specifier (`@scope/pkg/sub` → `@scope/pkg`), asked for every call of every file.
  let pkg = packages.get(module);
  if (pkg === undefined) {
    pkg = module.startsWith('@') ? module.split('/').slice(0, 2).join('/') : module.split('/')[0];
    if (packages.size < 10_000) packages.set(module, pkg);
  }
  if (!sink.modules.includes(module) && !sink.modules.includes(pkg)) return false;
  const last = path[path.length - 1] ?? '';
  return (
    sink.names.includes('*') ||
    sink.names.includes(last) ||
    (path.length === 1 && path[0] === 'default' && sink.names.includes(''))
  );
}
