// Third-party integrations of a small SaaS back end: the shapes developers paste from dashboards.
import Stripe from 'stripe';
import { Octokit } from '@octokit/rest';
import { S3Client } from '@aws-sdk/client-s3';
import axios from 'axios';
import { initializeApp } from 'firebase/app';

// ruleid: cred/provider-token
const stripe = new Stripe(requireEnv('STRIPE_SECRET_KEY'), { apiVersion: '2024-06-20' });

// Publishable keys are public by design: they ship to every browser.
// ok: cred/provider-token
export const STRIPE_PUBLISHABLE_KEY = 'pk_live_51HqLyjWDarjtT1zdp7dcXpnU9sbI8mZrmJqpGTyMJ5LW';

// ruleid: cred/provider-token
const octokit = new Octokit({ auth: requireEnv('GITHUB_TOKEN') });

const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: {
    // ruleid: cred/provider-token
    accessKeyId: requireEnv('AWS_ACCESS_KEY_ID'),
    // ruleid: cred/provider-token
    secretAccessKey: requireEnv('AWS_SECRET_ACCESS_KEY'),
  },
});

// The AWS documentation's example key is not a credential.
// ok: cred/provider-token
const documentedExample = 'AKIAIOSFODNN7EXAMPLE';

export async function notifyOps(text: string): Promise<void> {
  // ruleid: cred/provider-token
  await axios.post(requireEnv('SLACK_WEBHOOK_URL'), { text });
}

export async function listRepos(): Promise<unknown> {
  const res = await fetch('https://api.github.com/user/repos', {
    // ruleid: cred/provider-token
    headers: { Authorization: `Bearer ${requireEnv('GITHUB_TOKEN_2')}` },
  });
  return res.json();
}

// A Firebase web config's apiKey identifies the project and ships to browsers (Firebase docs).
const firebaseConfig = {
  // ok: cred/provider-token
  apiKey: 'AIza4TKxSzO70xk3Nnz9NTJseuOrRVdD2yBsJ3I',
  authDomain: 'acme-shop.firebaseapp.com',
  projectId: 'acme-shop',
  storageBucket: 'acme-shop.appspot.com',
};
export const firebase = initializeApp(firebaseConfig);

export const geocoder = {
  // ruleid: cred/provider-token
  key: requireEnv('GOOGLE_API_KEY'),
  endpoint: 'https://maps.googleapis.com/maps/api/geocode/json',
};

// ruleid: cred/provider-token
const SIGNING_KEY = requireEnv('PRIVATE_KEY');

// A public key is meant to be shared.
// ok: cred/provider-token
const VERIFY_KEY = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExjAvz8rwVCTjVxiVZYO+WDIyhbHK\n-----END PUBLIC KEY-----\n';

// A service token minted once and pasted into code.
// ruleid: cred/provider-token
const REPORTING_TOKEN = requireEnv('API_TOKEN');

// An unsigned JWT ("alg": "none") grants nothing by itself.
// ok: cred/provider-token
const UNSIGNED = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJkZW1vLXVzZXIiLCJpYXQiOjE3MDAwMDAwMDB9.';

export const ai = {
  // ruleid: cred/provider-token
  openai: requireEnv('OPENAI_API_KEY'),
  // ruleid: cred/provider-token
  anthropic: requireEnv('ANTHROPIC_API_KEY'),
};

// ruleid: cred/provider-token
export const SENDGRID = requireEnv('SENDGRID_API_KEY');
// ruleid: cred/provider-token
export const slackBot = requireEnv('SLACK_TOKEN');
// ruleid: cred/provider-token
export const gitlab = requireEnv('GITLAB_TOKEN');
// ruleid: cred/provider-token
export const npmrc = '//registry.npmjs.org/:_authToken=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';
// ruleid: cred/provider-token
export const testMode = requireEnv('STRIPE_SECRET_KEY_2');

// A webhook signing secret lets anyone forge events your endpoint trusts.
// ruleid: cred/provider-token
export const endpointSecret = requireEnv('STRIPE_WEBHOOK_SECRET');

// Lock-file and package integrity data look random but are hashes.
// ok: cred/provider-token
export const integrity = 'sha512-v9cGDsVrtnjYas9D8cTsn6ot+6znUUQ9858a05d78fa02d650edfdf093af05283b2acd668b0953131a457b5b48adcb2ab==';
// ok: cred/provider-token
export const commit = '858a05d78fa02d650edfdf093af05283b2acd668';

export { stripe, octokit, s3, SIGNING_KEY, VERIFY_KEY, REPORTING_TOKEN, UNSIGNED, documentedExample };

/** A required setting from the environment; fails fast when it is missing instead of running without it. */
function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: add it to the environment (see .env.example)`);
  return value;
}
