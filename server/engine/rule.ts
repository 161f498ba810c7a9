// `defineRule` checks a rule's metadata once, when the registry loads, so that a rule without a
// CWE, with a malformed id or with a message it cannot render never reaches a user.

import { CATEGORY_IDS, RULE_ID, type Category } from './families';
import type { Rule, RuleMeta } from './types';

const CWE = /^CWE-\d+$/;
const SSDF = /^(PO|PS|PW|RV)\.\d+\.\d+$/;

export function defineRule(rule: Rule): Rule {
  const { meta } = rule;
  const problems: string[] = [];
  if (!RULE_ID.test(meta.id)) problems.push(`id must be category/kebab-name with category one of ${CATEGORY_IDS.join(', ')}`);
  if (meta.cwe.length === 0 || !meta.cwe.every((c) => CWE.test(c))) problems.push('cwe must list CWE-<n> ids');
  if (meta.ssdf.length === 0 || !meta.ssdf.every((s) => SSDF.test(s))) problems.push('ssdf must list practice ids like PW.5.1');
  if (!meta.title || !meta.summary) problems.push('title and summary are required');
  if (Object.keys(meta.messages).length === 0) problems.push('messages are required');
  if (problems.length > 0) throw new Error(`rule ${meta.id}: ${problems.join('; ')}`);
  return rule;
}

export function categoryOf(meta: RuleMeta): Category {
  return meta.id.split('/')[0] as Category;
}

/** Render a message template: `{{name}}` → data.name. Unknown names stay visible rather than vanish. */
export function renderMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}
