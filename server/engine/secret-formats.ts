// Known credential formats: the shapes providers document for their keys and tokens, with the
// checksum where the format has one. A match here is strong evidence on its own, whatever the
// variable is called, so these formats are also what the front doors redact from any text they print.
//
// Sources (checked November 2026; corrections to the shared catalogue are listed in rules/cred/README.md):
// AWS IAM identifiers docs (unique id prefixes, base32 body), GitHub "Behind GitHub's new
// authentication token formats" (prefix + 30 base62 + CRC32 in 6 base62), npm "new access token
// format" (same scheme), GitLab token overview, Slack token types, Stripe API keys, Google API keys,
// OpenAI / Anthropic key prefixes, SendGrid API keys, Twilio API keys, RFC 7468 (PEM labels), RFC 7519 (JWT).

export interface TokenFormat {
  /** Stable id used in docs and tests. */
  id: string;
  /** What a person calls it: "GitHub personal access token". */
  name: string;
  /** Matches the token anywhere in a string (global, so several can be found). */
  pattern: RegExp;
  /**
   * The literal every match of `pattern` contains (a necessary condition, never sufficient): a string
   * with none of the formats' hints is not searched with any full pattern (findTokens' prefilter).
   * test/unit/token-prefilter.test.ts checks each pattern's matches against its hint.
   */
  hint: RegExp;
  /** The environment variable the paved-road fix names. */
  envName: string;
  /** The part of the token that is public by design (kept when masking). */
  prefix: (token: string) => string;
  /**
   * Further proof beyond the shape: 'valid' (checksum matches), 'invalid' (shape right, checksum
   * wrong: a made-up or mistyped token), or 'unchecked' (the format has no checksum).
   */
  verify?: (token: string) => 'valid' | 'invalid';
  /** Lower-risk variants (test-mode keys, identifiers paired with a secret). */
  lowRisk?: (token: string) => string | undefined;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

let crcTable: Uint32Array | undefined;
export function crc32(text: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = crcTable[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function base62(value: number, width: number): string {
  let out = '';
  let v = value;
  do {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, '0');
}

/** GitHub and npm tokens: prefix + 30 random base62 characters + CRC32 of those 30, base62, 6 wide. */
export function checksumOk(token: string, prefixLength: number): 'valid' | 'invalid' {
  const body = token.slice(prefixLength, token.length - 6);
  return base62(crc32(body), 6) === token.slice(-6) ? 'valid' : 'invalid';
}

const fixed = (n: number) => (t: string) => t.slice(0, n);
const upTo =
  (sep: string, extra = 0) =>
  (t: string) =>
    t.slice(0, t.indexOf(sep) + 1 + extra);

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  {
    // Unique ids that start with AKIA (long-term) or ASIA (temporary) are access key ids; the body
    // is 16 characters of base32 (A-Z, 2-7).
    id: 'aws-access-key-id',
    name: 'AWS access key id',
    envName: 'AWS_ACCESS_KEY_ID',
    hint: /AKIA|ASIA|ABIA|ACCA/,
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/g,
    prefix: fixed(4),
  },
  {
    id: 'github-token',
    name: 'GitHub token',
    envName: 'GITHUB_TOKEN',
    hint: /gh[pousr]_/,
    pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/g,
    prefix: fixed(4),
    verify: (t) => checksumOk(t, 4),
  },
  {
    // Fine-grained personal access tokens: github_pat_ + 22 + '_' + 59.
    id: 'github-fine-grained-token',
    name: 'GitHub fine-grained personal access token',
    envName: 'GITHUB_TOKEN',
    hint: /github_pat_/,
    pattern: /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/g,
    prefix: fixed(11),
  },
  {
    // Personal/project/group tokens (glpat-), deploy (gldt-), runner (glrt-), trigger (glptt-);
    // 20 characters historically, longer routable tokens since GitLab 17.
    id: 'gitlab-token',
    name: 'GitLab token',
    envName: 'GITLAB_TOKEN',
    hint: /gl(?:pat|dt|rt|ptt|soat|cbt)-/,
    pattern: /\b(?:glpat|gldt|glrt|glptt|glsoat|glcbt)-[A-Za-z0-9_-]{20,}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,})?/g,
    prefix: upTo('-'),
  },
  {
    id: 'slack-token',
    name: 'Slack token',
    envName: 'SLACK_TOKEN',
    hint: /xox|xapp-/,
    pattern: /\b(?:xox[abeoprs]|xoxe\.xox[bp]|xapp)-\d?-?[0-9A-Za-z][0-9A-Za-z-]{18,}/g,
    prefix: upTo('-'),
  },
  {
    id: 'slack-webhook',
    name: 'Slack incoming webhook URL',
    envName: 'SLACK_WEBHOOK_URL',
    hint: /hooks\.slack\.com/,
    pattern:
      /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{6,}\/[AB][A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/g,
    prefix: (t) => t.slice(0, 'https://hooks.slack.com/services/'.length),
  },
  {
    // Secret (sk_) and restricted (rk_) keys; publishable keys (pk_) are public by design.
    id: 'stripe-secret-key',
    name: 'Stripe secret key',
    envName: 'STRIPE_SECRET_KEY',
    hint: /[sr]k_(?:live|test)_/,
    pattern: /\b[sr]k_(?:live|test)_[0-9A-Za-z]{24,247}\b/g,
    prefix: (t) => t.slice(0, 8),
    lowRisk: (t) => (t.includes('_test_') ? 'a test-mode key (it still reads and writes your test data)' : undefined),
  },
  {
    // Webhook signing secrets (Stripe, and Svix-based services): whsec_ + base64 of 24+ random bytes.
    id: 'webhook-signing-secret',
    name: 'webhook signing secret',
    envName: 'STRIPE_WEBHOOK_SECRET',
    hint: /whsec_/,
    pattern: /\bwhsec_[A-Za-z0-9+/]{32,}={0,2}/g,
    prefix: fixed(6),
  },
  {
    id: 'google-api-key',
    name: 'Google API key',
    envName: 'GOOGLE_API_KEY',
    hint: /AIza/,
    pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    prefix: fixed(4),
  },
  {
    id: 'npm-token',
    name: 'npm access token',
    envName: 'NPM_TOKEN',
    hint: /npm_/,
    pattern: /\bnpm_[A-Za-z0-9]{36}\b/g,
    prefix: fixed(4),
    verify: (t) => checksumOk(t, 4),
  },
  {
    id: 'anthropic-api-key',
    name: 'Anthropic API key',
    envName: 'ANTHROPIC_API_KEY',
    hint: /sk-ant-/,
    pattern: /\bsk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{32,}|\bsk-ant-[A-Za-z0-9_-]{40,}/g,
    prefix: (t) => t.slice(0, 7),
  },
  {
    // Project, service-account and admin keys (sk-proj-, sk-svcacct-, sk-admin-) and the older
    // sk- + 48; real keys embed "T3BlbkFJ" (base64 of "OpenAI").
    id: 'openai-api-key',
    name: 'OpenAI API key',
    envName: 'OPENAI_API_KEY',
    hint: /sk-/,
    pattern:
      /\bsk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,}|\bsk-(?!ant-)[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b|\bsk-(?!ant-)[A-Za-z0-9]{48}\b/g,
    prefix: (t) => (/^sk-[a-z]+-/.test(t) ? t.slice(0, t.indexOf('-', 3) + 1) : t.slice(0, 3)),
  },
  {
    id: 'sendgrid-api-key',
    name: 'SendGrid API key',
    envName: 'SENDGRID_API_KEY',
    hint: /SG\./,
    pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
    prefix: fixed(3),
  },
  {
    // SK… is a Twilio API key SID: an identifier, dangerous because its secret is usually nearby.
    id: 'twilio-api-key',
    name: 'Twilio API key SID',
    envName: 'TWILIO_API_KEY',
    hint: /SK[0-9a-f]/,
    pattern: /\bSK[0-9a-f]{32}\b/g,
    prefix: fixed(2),
    lowRisk: () =>
      'an API key SID: an identifier whose paired secret is the real credential, and usually sits next to it',
  },
  {
    id: 'private-key',
    name: 'private key',
    envName: 'PRIVATE_KEY',
    hint: /-----BEGIN /,
    pattern:
      /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----(?:\\n|\s)+[A-Za-z0-9+/=:\s\\-]{64,}?-----END (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/g,
    prefix: (t) => t.slice(0, t.indexOf('KEY') + 3),
  },
  {
    // A JWT is a bearer credential; only signed ones (alg other than "none", a signature) count.
    id: 'jwt',
    name: 'signed JSON Web Token',
    envName: 'API_TOKEN',
    hint: /eyJ/,
    pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/g,
    prefix: fixed(3),
  },
];

/** Any format's hint: one scan of a string instead of sixteen, for the many strings that hold no token. */
const ANY_HINT = new RegExp(TOKEN_FORMATS.map((f) => f.hint.source).join('|'));

export interface TokenMatch {
  format: TokenFormat;
  token: string;
  /** Offset of the token inside the searched string. */
  index: number;
  check: 'valid' | 'invalid' | 'unchecked';
}

/** Every known-format token inside a string, leftmost first, without overlaps. */
export function findTokens(text: string): TokenMatch[] {
  if (text.length < 20 || !ANY_HINT.test(text)) return [];
  const found: TokenMatch[] = [];
  for (const format of TOKEN_FORMATS) {
    if (!format.hint.test(text)) continue;
    format.pattern.lastIndex = 0;
    for (let m = format.pattern.exec(text); m; m = format.pattern.exec(text)) {
      const token = m[0];
      if (!isRealToken(format, token)) continue;
      found.push({ format, token, index: m.index, check: format.verify ? format.verify(token) : 'unchecked' });
      if (found.length > 50) break;
    }
  }
  found.sort((a, b) => a.index - b.index || b.token.length - a.token.length);
  const out: TokenMatch[] = [];
  for (const f of found)
    if (!out.some((o) => f.index < o.index + o.token.length && o.index < f.index + f.token.length)) out.push(f);
  return out;
}

/** Documented example values and obviously made-up bodies are not credentials. */
function isRealToken(format: TokenFormat, token: string): boolean {
  if (
    /EXAMPLE|example|x{6,}|X{6,}|0{10,}|your|YOUR|dummy|DUMMY|fake|FAKE|redacted|REDACTED|placeholder|PLACEHOLDER/.test(
      token,
    )
  )
    return false;
  if (format.id === 'jwt') return isSignedJwt(token);
  if (format.id === 'private-key') return true;
  const body = token.slice(format.prefix(token).length);
  // Placeholder bodies: a run of one character, or an ascending alphabet/digit run.
  if (/(.)\1{7,}/.test(body)) return false;
  if (/(?:abcdefgh|12345678|ABCDEFGH)/.test(body) && shannonEntropy(body) < 4.2) return false;
  return shannonEntropy(body) >= 3.0;
}

/** The well-known example token from jwt.io (sub 1234567890, "John Doe") and unsigned tokens are not secrets. */
export function isSignedJwt(token: string): boolean {
  const [h, p, s] = token.split('.');
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: unknown };
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none' || !s) return false;
    if (payload.sub === '1234567890' && payload.name === 'John Doe') return false;
    return true;
  } catch {
    return false;
  }
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  if (!text) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    h -= p * Math.log2(p);
  }
  return h;
}
