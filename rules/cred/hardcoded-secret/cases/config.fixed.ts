// Application configuration module: what people write before they learn about the environment.
import passport from 'passport';
import { Strategy as GoogleStrategy } from 'passport-google-oauth20';

export const config = {
  port: Number(process.env.PORT ?? 3000),
  mail: {
    user: 'notifications@acme.test',
    // ruleid: cred/hardcoded-secret
    password: requireEnv('MAIL_PASSWORD'),
  },
  // Lookups and their keys are the paved road, not secrets.
  // ok: cred/hardcoded-secret
  apiKey: process.env.PAYMENTS_API_KEY,
  // ok: cred/hardcoded-secret
  dbPasswordSecretName: 'prod/db/password',
  // ok: cred/hardcoded-secret
  tokenEnvVar: 'GITHUB_TOKEN',
  // ok: cred/hardcoded-secret
  secretPath: 'projects/acme/secrets/db-password/versions/latest',
};

// ruleid: cred/hardcoded-secret
const INTERNAL_API_TOKEN = requireEnv('INTERNAL_API_TOKEN');

// A fallback for an environment variable is a hardcoded secret with extra steps.
// ruleid: cred/hardcoded-secret
const webhookSecret = requireEnv('WEBHOOK_SECRET');

passport.use(new GoogleStrategy({
  clientID: '1056432789-abc123def456.apps.googleusercontent.com',
  // ruleid: cred/hardcoded-secret
  clientSecret: requireEnv('GOOGLE_CLIENT_SECRET'),
  callbackURL: '/auth/google/callback',
}, (_at: string, _rt: string, profile: unknown, done: (e: unknown, u?: unknown) => void) => done(null, profile)));

export async function callPartner(): Promise<Response> {
  return fetch('https://partner.example.com/v1/orders', {
    // ruleid: cred/hardcoded-secret
    headers: { 'X-Api-Key': requireEnv('X_API_KEY'), Accept: 'application/json' },
  });
}

// Labels, messages and names about credentials are not credentials.
// ok: cred/hardcoded-secret
const passwordLabel = 'Password:';
// ok: cred/hardcoded-secret
const passwordPlaceholder = 'Enter your password';
// ok: cred/hardcoded-secret
const tokenType = 'Bearer';
// ok: cred/hardcoded-secret
const PASSWORD_REGEX = '^(?=.*[A-Z])(?=.*\\d).{12,}$';
// ok: cred/hardcoded-secret
const apiKeyHeader = 'X-Api-Key';
// ok: cred/hardcoded-secret
const TOKEN_STORAGE_KEY = 'acme.auth.token';
// ok: cred/hardcoded-secret
const resetPasswordPath = '/account/reset-password';
// ok: cred/hardcoded-secret
const csrfToken = '';
// ok: cred/hardcoded-secret
const accessTokenParam = 'access_token';
// ok: cred/hardcoded-secret
const sessionSecretLength = '64';
// ok: cred/hardcoded-secret
let password = '';
// ok: cred/hardcoded-secret
const secretKeyPlaceholder = '<your-secret-key>';
// ok: cred/hardcoded-secret
const apiToken = 'YOUR_API_TOKEN_HERE';
// ok: cred/hardcoded-secret
const bcryptHash = '$2b$12$KIXQJ8x1b2Vd9Zq3yW5hUeG0tJk7LmNoPqRsTuVwXyZaBcDeFgHiJ';

// A basic-auth pair encoded at run time is still a password in the source.
export const partnerHeaders = {
  // ruleid: cred/hardcoded-secret
  Authorization: 'Basic ' + Buffer.from(requireEnv('BASIC_AUTH_CREDENTIALS')).toString('base64'),
};
// ok: cred/hardcoded-secret
export const userHeaders = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

export function setPassword(value: string): void {
  password = value;
}

export { INTERNAL_API_TOKEN, webhookSecret, passwordLabel, passwordPlaceholder, tokenType, PASSWORD_REGEX, apiKeyHeader, TOKEN_STORAGE_KEY, resetPasswordPath, csrfToken, accessTokenParam, sessionSecretLength, secretKeyPlaceholder, apiToken, bcryptHash };

/** A required setting from the environment; fails fast when it is missing instead of running without it. */
function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: add it to the environment (see .env.example)`);
  return value;
}
