// The registry: every rule, explicitly and sorted by id. No file-system discovery at run time.

import type { Rule } from '../server/engine/types';
import sqlDynamicIdentifier from './sql/dynamic-identifier/rule';
import sqlStringBuiltQuery from './sql/string-built-query/rule';

export const allRules: readonly Rule[] = [
  sqlDynamicIdentifier,
  sqlStringBuiltQuery,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.meta.id === id);
}
