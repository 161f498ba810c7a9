// The audit logging family, registered as one entry so that rules/index.ts stays a short shared file.

import consoleInsteadOfAuditLog from './console-instead-of-audit-log/rule';
import unloggedAccessDenial from './unlogged-access-denial/rule';
import unloggedAccountChange from './unlogged-account-change/rule';
import unloggedAuthentication from './unlogged-authentication/rule';
import unloggedHighRiskOperation from './unlogged-high-risk-operation/rule';

export const auditRules = [
  consoleInsteadOfAuditLog,
  unloggedAccessDenial,
  unloggedAccountChange,
  unloggedAuthentication,
  unloggedHighRiskOperation,
];
