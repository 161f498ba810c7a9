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
export const walletPrivateKey = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';

// ok: cred/hardcoded-secret
export const passwordAdvice = 'Use four random words';

export const seedUsers = [
  // A passphrase: lowercase words, no label or message vocabulary.
  // ruleid: cred/hardcoded-secret
  { email: 'jim@shop.test', password: 'kitten lesser pooch karate buffoon' },
  // ruleid: cred/hardcoded-secret
  { email: 'ann@shop.test', password: 'my little nest of vipers' },
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
  cookieSecret: 'session_cookie_secret_key_here',
  // ruleid: cred/hardcoded-secret
  cryptoKey: 'a_secure_key_for_crypto_here',
  // A third-party API key left as a placeholder only makes the calls fail.
  // ok: cred/hardcoded-secret
  mapsApiKey: 'your_api_key_here',
  // ok: cred/hardcoded-secret
  jwtSecret: process.env.JWT_SECRET,
};
