// The defaults family (insecure defaults and missing controls), registered as one entry so that
// rules/index.ts stays a short shared file.
import breachedPasswordCheck from './breached-password-check/rule';
import corsCredentials from './cors-credentials/rule';
import insecureCookie from './insecure-cookie/rule';
import insecureRandomness from './insecure-randomness/rule';
import jwtMisuse from './jwt-misuse/rule';
import missingControl from './missing-control/rule';
import passwordPolicy from './password-policy/rule';
import sessionDefaults from './session-defaults/rule';
import tlsVerificationOff from './tls-verification-off/rule';
import weakCipher from './weak-cipher/rule';
import weakPasswordHash from './weak-password-hash/rule';

export const defaultsRules = [
  breachedPasswordCheck,
  corsCredentials,
  insecureCookie,
  insecureRandomness,
  jwtMisuse,
  missingControl,
  passwordPolicy,
  sessionDefaults,
  tlsVerificationOff,
  weakCipher,
  weakPasswordHash,
];
