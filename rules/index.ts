// The registry: every rule, explicitly and sorted by id. No file-system discovery at run time.

import type { FileTables, Rule } from '../server/engine/types';
import auditConsoleInsteadOfAuditLog from './audit/console-instead-of-audit-log/rule';
import auditUnloggedAccessDenial from './audit/unlogged-access-denial/rule';
import auditUnloggedAccountChange from './audit/unlogged-account-change/rule';
import auditUnloggedAuthentication from './audit/unlogged-authentication/rule';
import auditUnloggedHighRiskOperation from './audit/unlogged-high-risk-operation/rule';
import sqlDynamicIdentifier from './sql/dynamic-identifier/rule';
import sqlStringBuiltQuery from './sql/string-built-query/rule';
import xssDomHtmlSink from './xss/dom-html-sink/rule';
import xssFrameworkRawHtml from './xss/framework-raw-html/rule';
import xssHtmlResponse from './xss/html-response/rule';
import xssTemplateEscapingDisabled from './xss/template-escaping-disabled/rule';
import xssUnescapedTemplateOutput from './xss/unescaped-template-output/rule';
import { credRules } from './cred';
import { defaultsRules } from './defaults';
import { routeControls } from './defaults/shared/controls';
import { summarizeModule } from './module-summary';

export const allRules: readonly Rule[] = [
  auditConsoleInsteadOfAuditLog,
  auditUnloggedAccessDenial,
  auditUnloggedAccountChange,
  auditUnloggedAuthentication,
  auditUnloggedHighRiskOperation,
  sqlDynamicIdentifier,
  sqlStringBuiltQuery,
  xssDomHtmlSink,
  xssFrameworkRawHtml,
  xssHtmlResponse,
  xssTemplateEscapingDisabled,
  xssUnescapedTemplateOutput,
  ...credRules,
  ...defaultsRules,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.meta.id === id);
}

/** What families compute per file besides findings (the engine's `FileTables`): the seatbelt table and the module summary. */
export const fileTables: FileTables = { routes: routeControls, summary: summarizeModule };
