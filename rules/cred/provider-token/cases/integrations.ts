// Third-party integrations of a small SaaS back end: the shapes developers paste from dashboards.
import Stripe from 'stripe';
import { Octokit } from '@octokit/rest';
import { S3Client } from '@aws-sdk/client-s3';
import axios from 'axios';
import { initializeApp } from 'firebase/app';

// ruleid: cred/provider-token
const stripe = new Stripe('sk_live_XWzz3X4oxsv1WNBWrRF349F1V7K4BryMdvlAbw9LXxnPVuyy', { apiVersion: '2024-06-20' });

// Publishable keys are public by design: they ship to every browser.
// ok: cred/provider-token
export const STRIPE_PUBLISHABLE_KEY = 'pk_live_51HqLyjWDarjtT1zdp7dcXpnU9sbI8mZrmJqpGTyMJ5LW';

// ruleid: cred/provider-token
const octokit = new Octokit({ auth: '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' });

const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: {
    // ruleid: cred/provider-token
    accessKeyId: 'AKIAHMBKHI27CL42W4NY',
    // ruleid: cred/provider-token
    secretAccessKey: '1MZHAONeg2BOdblf0TC6VVPdy80yy0YJJ+WZVs09',
  },
});

// The AWS documentation's example key is not a credential.
// ok: cred/provider-token
const documentedExample = 'AKIAIOSFODNN7EXAMPLE';

export async function notifyOps(text: string): Promise<void> {
  // ruleid: cred/provider-token
  await axios.post('https://hooks.slack.com/services/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', { text });
}

export async function listRepos(): Promise<unknown> {
  const res = await fetch('https://api.github.com/user/repos', {
    // ruleid: cred/provider-token
    headers: { Authorization: 'Bearer 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' },
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
  key: 'AIzauzQaoXRKu4biRU3mzTs0TfrFL5RAhH7kNbB',
  endpoint: 'https://maps.googleapis.com/maps/api/geocode/json',
};

// ruleid: cred/provider-token
const SIGNING_KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgCuwipLusKqcJ5hOC\nDlleJiOVjUOzLKlPkWj0ZcicwjyhRANCAATGL/qKnhQy6qBmspQxGkJrrQM6zpzM\nzYsXIoK4v5enjj/YmgE9lEikT1xVgagKTmdzw1m2LzU86AauIfIxnG9m\n-----END PRIVATE KEY-----\n';

// A public key is meant to be shared.
// ok: cred/provider-token
const VERIFY_KEY = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExjAvz8rwVCTjVxiVZYO+WDIyhbHK\n-----END PUBLIC KEY-----\n';

// A service token minted once and pasted into code.
// ruleid: cred/provider-token
const REPORTING_TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtcmVwb3J0aW5nIiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzAwMDAwMDAwfQ.4yJhzKSzLq5cl2G43m2Vo4cLUdLFgfxC2Krj6TqkiiR';

// An unsigned JWT ("alg": "none") grants nothing by itself.
// ok: cred/provider-token
const UNSIGNED = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJkZW1vLXVzZXIiLCJpYXQiOjE3MDAwMDAwMDB9.';

export const ai = {
  // ruleid: cred/provider-token
  openai: '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',
  // ruleid: cred/provider-token
  anthropic: 'sk-ant-api03-P0GXeFoxY_DyqXZoSVpoJydlglqI4FddHNI3H_PaYuZqdFxyC0MKi4eJbwlDxitUPhy6XLsDv8SuD35HPo5JkV852jp5uAA',
};

// ruleid: cred/provider-token
export const SENDGRID = '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';
// ruleid: cred/provider-token
export const slackBot = 'xoxb-330650581847-2208377072124-KVLxx9uqyNfM12VtRtv7wiXA';
// ruleid: cred/provider-token
export const gitlab = 'glpat-xbYUVlGf31K9HQSW_H9L';
// ruleid: cred/provider-token
export const npmrc = '//registry.npmjs.org/:_authToken=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';
// ruleid: cred/provider-token
export const testMode = 'sk_test_YcU0SEy3MbHQmTFFYIg1c8uqPSSxRGcAeKnwYWpG';

// A webhook signing secret lets anyone forge events your endpoint trusts.
// ruleid: cred/provider-token
export const endpointSecret = 'whsec_Q7mZ2xL9pV4tR8wK1cN6bY3hJ5gF0dSa';

// Lock-file and package integrity data look random but are hashes.
// ok: cred/provider-token
export const integrity = 'sha512-v9cGDsVrtnjYas9D8cTsn6ot+6znUUQ9858a05d78fa02d650edfdf093af05283b2acd668b0953131a457b5b48adcb2ab==';
// ok: cred/provider-token
export const commit = '858a05d78fa02d650edfdf093af05283b2acd668';

export { stripe, octokit, s3, SIGNING_KEY, VERIFY_KEY, REPORTING_TOKEN, UNSIGNED, documentedExample };
