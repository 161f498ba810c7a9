// The defaults family (insecure defaults and missing controls), registered as one entry so that
// rules/index.ts stays a short shared file.

import insecureRandomness from './insecure-randomness/rule';
import jwtMisuse from './jwt-misuse/rule';
import tlsVerificationOff from './tls-verification-off/rule';
import weakCipher from './weak-cipher/rule';
import weakPasswordHash from './weak-password-hash/rule';

export const defaultsRules = [insecureRandomness, jwtMisuse, tlsVerificationOff, weakCipher, weakPasswordHash];
