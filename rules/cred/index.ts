// The credentials family, registered as one entry so that rules/index.ts stays a short shared file.

import connectionStringPassword from './connection-string-password/rule';
import defaultPassword from './default-password/rule';
import hardcodedSecret from './hardcoded-secret/rule';
import providerToken from './provider-token/rule';
import secretInSink from './secret-in-sink/rule';

export const credRules = [connectionStringPassword, defaultPassword, hardcodedSecret, providerToken, secretInSink];
