// Names versus values: a cookie's name, a public contract address and advice texts are not
// secrets; a passphrase and a fill-me-in value for the app's own key are.
import { CookieService } from './cookies';

export class WelcomeBanner {
  // The name of the cookie that remembers the banner was closed, not a cookie-signing key.
  // ok: cred/hardcoded-secret
  private readonly welcomeBannerStatusCookieKey = 'welcomebanner_status';
  // ok: cred/hardcoded-secret
  private readonly sessionStorageToken = 'auth.session-token';

  constructor(private readonly cookies: CookieService) {}

  dismiss(): void {
    this.cookies.put(this.welcomeBannerStatusCookieKey, 'dismiss');
  }
}

// A token contract's address is public: it is how wallets find the contract.
// ok: cred/hardcoded-secret
export const BeeTokenAddress = '0x36435796Ca9be2bf150CE0dECc2D8Fab5C4d6E13';
// ok: cred/hardcoded-secret
export const tokenContract = '0x9Ac64Cc6e4415144C455BD8E4837Fea55603e5c3';
// A private key is 32 bytes, not 20: still a secret.
// ruleid: cred/hardcoded-secret
export const walletPrivateKey = requireEnv('WALLET_PRIVATE_KEY');

// ok: cred/hardcoded-secret
export const passwordAdvice = 'Use four random words';

export const seedUsers = [
  // A passphrase: lowercase words, no label or message vocabulary.
  // ruleid: cred/hardcoded-secret
  { email: 'jim@shop.test', password: requireEnv('SEED_USERS_PASSWORD') },
  // ruleid: cred/hardcoded-secret
  { email: 'ann@shop.test', password: requireEnv('SEED_USERS_PASSWORD_2') },
  // Interface text in a password field is a label or a message.
  // ok: cred/hardcoded-secret
  { email: 'ui@shop.test', password: 'Enter your password' },
  // ok: cred/hardcoded-secret
  { email: 'ui2@shop.test', password: 'passwords do not match' },
];

// The app signs its session cookie and encrypts with these until someone edits the file: a
// fill-me-in value for the app's own key is the key it runs with.
export const settings = {
  // ruleid: cred/hardcoded-secret
  cookieSecret: requireEnv('COOKIE_SECRET'),
  // ruleid: cred/hardcoded-secret
  cryptoKey: requireEnv('CRYPTO_KEY'),
  // A third-party API key left as a placeholder only makes the calls fail.
  // ok: cred/hardcoded-secret
  mapsApiKey: 'your_api_key_here',
  // ok: cred/hardcoded-secret
  jwtSecret: process.env.JWT_SECRET,
};

/** A required setting from the environment; fails fast when it is missing instead of running without it. */
function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: add it to the environment (see .env.example)`);
  return value;
}
