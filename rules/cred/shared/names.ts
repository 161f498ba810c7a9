// What a name says about the value it holds. `dbPassword`, `client_secret` and `X-Api-Key` hold
// credentials; `passwordLabel`, `tokenType`, `secretName`, `apiKeyHeader` and `PASSWORD_REGEX` hold
// something about a credential, which is not a secret. The last word decides first (it is the
// noun), then any word that marks a description (label, policy, url…).

/** Words that make a name a credential holder. */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credentials', 'credential', 'creds',
  'privatekey', 'accesskey', 'secretkey', 'clientsecret', 'connectionstring', 'authtoken', 'bearer',
]);
/** `key` is a secret only after one of these (apiKey, signingKey — not cacheKey, primaryKey, publicKey). */
const KEY_QUALIFIERS = new Set([
  'api', 'secret', 'private', 'access', 'signing', 'sign', 'encryption', 'encrypt', 'decryption', 'crypto', 'cipher',
  'master', 'hmac', 'jwt', 'auth', 'client', 'consumer', 'subscription', 'session', 'cookie', 'aes', 'license', 'service', 'admin', 'write', 'server',
]);
/** Nouns (as the last word) that describe a credential rather than hold it. */
const DESCRIPTIVE_LAST = new Set([
  'label', 'labels', 'placeholder', 'message', 'messages', 'msg', 'text', 'title', 'hint', 'description', 'desc', 'prompt',
  'field', 'fields', 'input', 'name', 'names', 'header', 'headers', 'type', 'types', 'url', 'urls', 'uri', 'path', 'paths',
  'route', 'routes', 'endpoint', 'policy', 'policies', 'length', 'len', 'min', 'max', 'regex', 'regexp', 're', 'pattern',
  'rule', 'rules', 'strength', 'question', 'expires', 'expiry', 'expiration', 'ttl', 'lifetime', 'age', 'count', 'id', 'ids',
  'arn', 'env', 'var', 'file', 'filename', 'dir', 'location', 'param', 'params', 'prefix', 'suffix', 'format', 'version',
  'enabled', 'enable', 'required', 'visible', 'show', 'toggle', 'hash', 'hashed', 'digest', 'error', 'errors', 'validation',
  'validator', 'schema', 'column', 'selector', 'testid', 'icon', 'class', 'classname', 'style', 'mode', 'status', 'state',
  'event', 'events', 'storage', 'encoding', 'algorithm', 'alg', 'scope', 'scopes', 'audience', 'issuer', 'kind', 'strategy',
  'provider', 'method', 'changed', 'key', 'keys', 'ref', 'reference', 'at', 'on', 'by', 'sent', 'used', 'created', 'updated',
  'valid', 'invalid', 'missing', 'reset', 'link', 'button', 'btn', 'form', 'modal', 'dialog', 'page', 'view', 'component',
  'tooltip', 'help', 'info', 'config', 'options', 'settings', 'module', 'service', 'manager', 'store', 'cache', 'client',
  'generator', 'handler', 'middleware', 'guard', 'util', 'utils', 'helper', 'parser', 'validator', 'checker', 'request',
  'response', 'result', 'payload', 'claims', 'decoded', 'count', 'attempts', 'retries', 'interval', 'timeout', 'delay',
  'size', 'bytes', 'bits', 'rounds', 'cost', 'salt', 'iv', 'nonce', 'index', 'idx', 'position', 'offset', 'color', 'width',
  'height', 'version', 'flag', 'flags', 'mask', 'level', 'locale', 'lang', 'slug',
  // A public address (a wallet or contract on a blockchain, a mail address) and advice texts.
  'address', 'addr', 'contract', 'wallet', 'advice', 'tip', 'tips', 'notice',
]);
/** Words anywhere in a name that mark it as about credentials, not holding one. */
const DESCRIPTIVE_ANY = new Set([
  'label', 'placeholder', 'hint', 'regex', 'regexp', 'pattern', 'policy', 'min', 'max', 'length', 'url', 'uri', 'path', 'endpoint', 'route',
  'public', 'publishable', 'site', 'i18n', 'translation', 'question', 'forgot', 'reset', 'expires', 'expiry', 'storage', 'header',
  'prompt', 'validation', 'error', 'strength', 'field', 'input', 'hash', 'hashed', 'salt', 'type', 'name', 'dsn',
  'tokenizer', 'tokens', 'mock', 'fake', 'dummy', 'example', 'sample', 'test', 'invalid', 'wrong', 'bad', 'expired', 'old',
]);

export type SecretNameKind = 'password' | 'secret' | 'token' | 'key' | 'credentials' | 'connection';

/** `dbPassword` → ['db', 'password']; `X-Api-Key` → ['x', 'api', 'key']; `AWS_SECRET_ACCESS_KEY` → [...]. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Joined compounds the word splitter cannot see: apikey, privatekey, clientsecret… */
function compounds(words: string[]): string[] {
  const out = [...words];
  for (let i = 0; i + 1 < words.length; i++) out.push(words[i] + words[i + 1]);
  return out;
}

/** Whether a name holds a credential, and which kind. `ignore` lists team names that are not secrets. */
export function secretNameKind(name: string, ignore: readonly string[] = []): SecretNameKind | undefined {
  if (!name || name.length > 80) return undefined;
  const lower = name.toLowerCase();
  if (ignore.some((n) => n.toLowerCase() === lower)) return undefined;
  const words = wordsOf(name);
  // A name of more than six words is a sentence (a message id such as `Unexpected_token_…_1068`).
  if (words.length === 0 || words.length > 6) return undefined;
  const last = words[words.length - 1];
  const previous = words[words.length - 2];
  if (last === 'key' || last === 'keys') {
    if (previous && KEY_QUALIFIERS.has(previous) && !words.some((w) => DESCRIPTIVE_ANY.has(w))) return 'key';
    return undefined;
  }
  if (last === 'pass' && words.length <= 2) return 'password';
  if (last === 'auth' && words.length <= 2) return 'credentials';
  if (DESCRIPTIVE_LAST.has(last)) return undefined;
  if (words.some((w) => DESCRIPTIVE_ANY.has(w))) return undefined;
  const all = compounds(words);
  if (all.includes('connectionstring') || (all.includes('connection') && all.includes('string'))) return 'connection';
  if (all.some((w) => w === 'password' || w === 'passwd' || w === 'pwd' || w === 'passphrase')) return 'password';
  if (all.some((w) => w === 'credentials' || w === 'credential' || w === 'creds')) return 'credentials';
  if (all.some((w) => w === 'token' || w === 'authtoken' || w === 'bearer')) return 'token';
  if (all.some((w) => w === 'secret' || w === 'clientsecret' || w === 'secretkey')) return 'secret';
  if (all.some((w) => w === 'apikey' || w === 'privatekey' || w === 'accesskey')) return 'key';
  return undefined;
}

/** Vocabulary of names *about* credentials: a value made only of these words is a key name, not a secret. */
const NAME_VOCABULARY = new Set([
  'x', 'api', 'key', 'keys', 'token', 'tokens', 'access', 'refresh', 'id', 'secret', 'secrets', 'password', 'passwd', 'pwd',
  'pass', 'auth', 'authorization', 'authentication', 'bearer', 'basic', 'client', 'session', 'sid', 'csrf', 'xsrf', 'jwt',
  'header', 'cookie', 'name', 'user', 'username', 'new', 'old', 'current', 'confirm', 'reset', 'forgot', 'change', 'hash',
  'salt', 'type', 'field', 'input', 'value', 'signature', 'sig', 'private', 'public', 'otp', 'code', 'mfa', 'totp', 'grant',
  'credentials', 'credential', 'login', 'sign', 'in', 'up', 'oauth', 'openid', 'scope', 'expires', 'expiry', 'remember',
  'me', 'show', 'hide', 'label', 'placeholder', 'required', 'invalid', 'error', 'the', 'your', 'enter', 'store', 'storage',
  'local', 'app', 'state', 'data', 'request', 'response', 'header', 'headers', 'bearer', 'authorize', 'verify', 'verified',
  'encrypted', 'manager', 'vault', 'prod', 'production', 'dev', 'staging', 'db', 'database', 'admin', 'service', 'account',
  'connection', 'string', 'url', 'uri', 'host', 'port', 'org', 'repo', 'env', 'config', 'settings', 'field', 'form',
]);

/** `x-api-key`, `access_token`, `Authorization`, `refreshToken`: names of credentials, used as keys. */
export function isCredentialVocabulary(value: string): boolean {
  if (value.length > 60 || !/^[A-Za-z][A-Za-z0-9_.:-]*$/.test(value)) return false;
  const words = wordsOf(value);
  return words.length > 0 && words.every((w) => NAME_VOCABULARY.has(w));
}

/** Words of a name that qualify it (`stripe` in `stripeConfig`), without generic container words. */
export function qualifierWords(name: string): string[] {
  const generic = new Set(['config', 'configuration', 'conf', 'cfg', 'options', 'opts', 'settings', 'params', 'credentials', 'creds',
    'auth', 'default', 'defaults', 'strategy', 'pool', 'client', 'connection', 'create', 'new', 'instance', 'env', 'secrets', 'keys', 'the', 'my', 'app', 'const', 'constants', 'values', 'init', 'setup', 'module', 'exports', 'this']);
  return wordsOf(name).filter((w) => !generic.has(w) && !/^\d+$/.test(w));
}

/** An environment variable name from words: ['db', 'password'] → DB_PASSWORD. */
export function envNameOf(words: string[]): string {
  const name = words.join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '').replace(/_+/g, '_').replace(/^_|_$/g, '');
  return /^[A-Z]/.test(name) ? name : `APP_${name || 'SECRET'}`;
}
