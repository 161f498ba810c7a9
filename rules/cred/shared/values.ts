// What a string value says about itself: placeholders, labels, lookup keys and paths are not
// secrets; a short list of well-known defaults are secrets with no entropy at all.

import { shannonEntropy } from '../../../server/engine/secret-formats';
import { isCredentialVocabulary } from './names';

const DEFAULT_PASSWORDS = new Set([
  'admin',
  'administrator',
  'password',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'pass',
  'changeme',
  'change_me',
  'change-me',
  'changeit',
  'root',
  'toor',
  '123456',
  '1234567',
  '12345678',
  '123456789',
  '1234567890',
  '12345',
  '1234',
  'qwerty',
  'qwerty123',
  'letmein',
  'welcome',
  'default',
  'guest',
  'test',
  'secret',
  'keyboard cat',
  'password1',
  'password123',
  'admin123',
  'admin1234',
  'root123',
  'test123',
  'abc123',
  'iloveyou',
  'postgres',
  'mysql',
  'sa',
  'oracle',
  'demo',
  '111111',
  '000000',
  'trustno1',
  'superuser',
  'supersecret',
  'mysecret',
  'mysecretkey',
  'secretkey',
  'secret123',
  'shhhhh',
  'shhh',
  'topsecret',
  'your-secret',
  'keyboardcat',
  'secret-key',
  'secret_key',
  'jwtsecret',
  'jwt-secret',
  'jwt_secret',
  'sessionsecret',
  'session-secret',
  'pa55word',
  'passwort',
  'hunter2',
  'welcome1',
  'letmein123',
  'rabbitmq',
  'redis',
  'mongo',
  'user',
  'userpass',
]);

/** A well-known default or documentation password (`admin`, `changeme`, `keyboard cat`…). */
export function isDefaultPassword(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (DEFAULT_PASSWORDS.has(v)) return true;
  return /^(admin|password|passw0rd|root|test|welcome|letmein|qwerty|changeme|secret|guest|default|demo|user)[\W_]?\d{1,4}[!@#$]?$/.test(
    v,
  );
}

/** Obvious stand-ins: `<your-token>`, `xxxx`, `${TOKEN}`, `your_api_key_here`, `REPLACE_ME`, `****`. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (/^<[^<>]*>$|^\{\{.*\}\}$|^\$\{.*\}$|^%\w+%$|^\$[A-Z_][A-Z0-9_]*$|^\[[^\]]*\]$|^\(.*\)$/.test(v)) return true;
  if (/x{4,}|X{4,}|\*{3,}|•{3,}|\.{3}|…|#{4,}|_{4,}|-{4,}|0{8,}/.test(v)) return true;
  if (
    /^(?:your|enter|insert|replace|put|add|paste)[-_ .]?(?:own[-_ .]?)?(?:[a-z]+[-_ .]?){0,3}(?:key|token|secret|password|pass|pwd|here|value|id)s?$/i.test(
      v,
    )
  )
    return true;
  if (/\b(?:your|insert|replace|enter|paste)[-_ ]/i.test(v) || /_here$|-here$/i.test(v)) return true;
  return (
    /(placeholder|dummy|redacted|example|sample|replace[-_]?me|todo|tbd|fixme|^n\/a$|^none$|^null$|^undefined$|^nil$|^foo$|^bar$|^foobar$|^test$|changeit)/i.test(
      v,
    ) && !/[A-Za-z0-9]{24,}/.test(v.replace(/placeholder|dummy|redacted|example|sample/gi, ''))
  );
}

/**
 * Why a value next to a credential name is not itself a credential, or undefined when it may be.
 * Order matters: default passwords are checked by the caller before this.
 */
export function notASecret(value: string): string | undefined {
  const v = value;
  if (v.trim() === '') return 'empty';
  if (isPlaceholder(v)) return 'placeholder';
  if (/\s/.test(v.trim())) return 'text with spaces (a label or message)';
  if ((v.match(/[^\x00-\x7f]/g)?.length ?? 0) >= 3) return 'text in a non-Latin script (a label or message)';
  if (/[:?]$/.test(v) && v.length < 40) return 'a label';
  if (/^\d+(\.\d+)?$/.test(v)) return 'a number';
  if (/^(?:\/|\.\.?\/|~\/)/.test(v)) return 'a path';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^(?:www\.)/.test(v)) return 'a URL without credentials';
  if (/^data:|^blob:/.test(v)) return 'a data URI';
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v)) return 'an environment variable name';
  if (/^(?:arn:aws:|projects\/[^/]+\/secrets\/|https?:\/\/[^/]*vault)/.test(v)) return 'a secret manager reference';
  if (
    /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+\/?$/.test(v) &&
    /[a-z]{3,}/.test(v) &&
    v.split('/').every((s) => !/[A-Z].*\d|\d.*[A-Z]/.test(s) || s.length < 10)
  ) {
    return 'a secret manager key or path';
  }
  if (
    /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)+$/.test(v) &&
    v.split('.').every((s) => s.length < 32 && !/\d{3,}/.test(s))
  )
    return 'a dotted key (i18n or config path)';
  if (/^sha(?:1|256|384|512)-[A-Za-z0-9+/=]+$/.test(v)) return 'an integrity hash';
  if (isCredentialVocabulary(v)) return 'the name of a credential, not its value';
  if (/^#[0-9a-f]{3,8}$/i.test(v)) return 'a colour';
  // An Ethereum-style address (20 bytes) is public by design; a private key is 32 bytes (64 hex digits).
  if (/^0x[0-9a-fA-F]{40}$/.test(v)) return 'a public blockchain address';
  if (/^\$2[aby]?\$\d\d\$/.test(v) || /^\$argon2/.test(v) || /^\$(?:scrypt|pbkdf2)/.test(v)) return 'a password hash';
  if (/^[a-z]+(?:[A-Z][a-z]+)+$/.test(v) && v.length < 30) return 'an identifier';
  if (/^[a-z]+(?:[-_][a-z]+)+$/.test(v) && v.length < 30 && shannonEntropy(v) < 3.6) {
    // `auth-token`, `session_id`: kebab/snake identifiers are keys; `my-app-secret` is weak but real.
    return /(?:^|[-_])(?:secret|password|pass|key|token)$/.test(v) && !isCredentialVocabulary(v)
      ? undefined
      : 'an identifier';
  }
  return undefined;
}

/** Enough variety to be a credential someone chose or generated (not `aaaaaaaa`). */
export function looksChosen(value: string): boolean {
  return value.length >= 6 && shannonEntropy(value) >= 2.3;
}
