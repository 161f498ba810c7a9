// What a name says about the value it holds, for the defaults family: a password (hashed too fast),
// a bearer value (a token, code or key that must not be guessable), or a number that only needs
// to look random (jitter, a colour, a shuffle). The words of a name come from the credentials
// family's splitter (`wordsOf`), so `resetToken`, `RESET_TOKEN` and `reset-token` read alike.

import { wordsOf } from '../../cred/shared/names';

export { wordsOf };

/** The last word says the value is a password (`password`, `tempPassword`, `new_pwd`). */
const PASSWORD_LAST = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass', 'pw', 'pin', 'pincode']);
/** …unless a word says it is about a password rather than the password itself. */
const NOT_A_PASSWORD = new Set([
  'hash',
  'hashed',
  'digest',
  'policy',
  'label',
  'length',
  'min',
  'max',
  'field',
  'input',
  'regex',
  'pattern',
  'reset',
  'token',
  'strength',
  'hint',
  'confirm',
  'prompt',
  'changed',
  'expires',
]);

export function isPasswordName(name: string | undefined): boolean {
  if (!name) return false;
  const words = wordsOf(name);
  const last = words[words.length - 1];
  if (!last || words.some((w) => NOT_A_PASSWORD.has(w))) return false;
  if (PASSWORD_LAST.has(last)) return true;
  // Recovery / backup codes are passwords of their own: they log a user in.
  return (last === 'code' || last === 'codes') && words.some((w) => w === 'recovery' || w === 'backup');
}

/** Words that make a value a bearer value: whoever holds it is let in, or it is worth money. */
const BEARER = new Set([
  'token',
  'tokens',
  'secret',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'otp',
  'totp',
  'pin',
  'nonce',
  'salt',
  'csrf',
  'xsrf',
  'apikey',
  'key',
  'keys',
  'session',
  'sid',
  'sessionid',
  'code',
  'codes',
  'voucher',
  'coupon',
  'invite',
  'invitation',
  'reset',
  'verification',
  'verify',
  'confirmation',
  'activation',
  'magic',
  'recovery',
  'backup',
  'challenge',
  'credential',
  'credentials',
  'bearer',
  'signature',
  'auth',
  'access',
  'refresh',
  'pairing',
  'giftcard',
  'gift',
  'iv',
  // not 'ticket': a support ticket's number is shown to the user; an auth ticket carries a nonce or token in its name
]);
/** Words that make `code` / `key` / `id` something that is not secret at all. */
const NOT_BEARER_QUALIFIER = new Set([
  'status',
  'color',
  'colour',
  'country',
  'zip',
  'postal',
  'error',
  'exit',
  'char',
  'key',
  'lang',
  'language',
  'currency',
  'area',
  'http',
  'response',
  'cache',
  'react',
  'list',
  'row',
  'item',
  'map',
  'sort',
  'primary',
  'foreign',
  'object',
  'dom',
  'element',
  'public',
  'event',
  'keyboard',
  'hot',
  'shortcut',
]);
/** Words that say the number only has to look random: timing, layout, sampling. */
const COSMETIC = new Set([
  'delay',
  'jitter',
  'backoff',
  'timeout',
  'wait',
  'sleep',
  'retry',
  'retries',
  'interval',
  'ms',
  'millis',
  'seconds',
  'duration',
  'period',
  'color',
  'colour',
  'hue',
  'rgb',
  'hex',
  'x',
  'y',
  'z',
  'position',
  'pos',
  'offset',
  'index',
  'idx',
  'shuffle',
  'shuffled',
  'sample',
  'percent',
  'ratio',
  'chance',
  'probability',
  'opacity',
  'angle',
  'rotation',
  'width',
  'height',
  'size',
  'speed',
  'animation',
  'particle',
  'particles',
  'bucket',
  'weight',
  'demo',
  'fake',
  'mock',
  'placeholder',
  'latency',
  'noise',
  'pick',
  'choice',
  'roll',
  'dice',
  'avatar',
  'reconnect',
  'strategy',
  'schedule',
  'cron',
  'sampling',
  'sampled',
  'rate',
  'skew',
  'spread',
  'uid',
  'ical',
  'key' /* React list keys */,
  'temp',
  'tmp',
  'filename',
  'file',
  'name',
]);

export const NOT_SECRET_CONTEXT = new Set([
  'calendar',
  'ical',
  'ics',
  'vcalendar',
  'meeting',
  'appointment',
  'demo',
  'fake',
  'mock',
  'faker',
  'dummy',
  'sample',
  'placeholder',
  'test',
  'fixture',
]);

export type RandomUse = 'bearer' | 'cosmetic' | 'unknown';

/** What a name says the random value is for. */
export function randomUseOf(name: string | undefined): RandomUse {
  if (!name) return 'unknown';
  const words = wordsOf(name);
  if (words.length === 0) return 'unknown';
  const last = words[words.length - 1];
  const previous = words[words.length - 2];
  const joined = words.join('');
  if (COSMETIC.has(last) && !BEARER.has(last)) return 'cosmetic';
  // A calendar invite's UID, a meeting id: unique, not secret.
  if (words.some((w) => NOT_SECRET_CONTEXT.has(w))) return 'cosmetic';
  if (last === 'key' || last === 'keys') {
    if (
      previous === 'api' ||
      previous === 'secret' ||
      previous === 'access' ||
      previous === 'session' ||
      previous === 'signing' ||
      previous === 'encryption' ||
      previous === 'license' ||
      previous === 'private'
    )
      return 'bearer';
    return 'unknown';
  }
  if (last === 'code' || last === 'codes' || last === 'id' || last === 'ids') {
    if (previous && NOT_BEARER_QUALIFIER.has(previous)) return 'cosmetic';
    if (words.slice(0, -1).some((w) => BEARER.has(w) && w !== 'key')) return 'bearer';
    return last.startsWith('code') ? 'bearer' : 'unknown';
  }
  if (
    words.some((w) => BEARER.has(w) && w !== 'key' && w !== 'keys' && w !== 'iv') ||
    /apikey|sessionid|giftcard/.test(joined)
  )
    return 'bearer';
  if (last === 'iv') return 'bearer';
  if (words.some((w) => COSMETIC.has(w))) return 'cosmetic';
  return 'unknown';
}
