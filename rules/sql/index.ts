// The SQL injection family, registered as one entry so that rules/index.ts stays a short shared file.

import dynamicIdentifier from './dynamic-identifier/rule';
import stringBuiltQuery from './string-built-query/rule';

export const sqlRules = [dynamicIdentifier, stringBuiltQuery];
