// The registry: every rule, explicitly (each family's index.ts lists its own) and sorted by id. No
// file-system discovery at run time.

import type { FileTables, Rule } from '../server/engine/types';
import { auditRules } from './audit';
import { credRules } from './cred';
import { defaultsRules } from './defaults';
import { sqlRules } from './sql';
import { xssRules } from './xss';
import { routeControls } from './defaults/shared/controls';
import { summarizeModule } from './module-summary';

export const allRules: readonly Rule[] = [
  // One entry per family: its folder's index.ts lists its rules (ARCHITECTURE.md, "Adding a family").
  ...auditRules,
  ...credRules,
  ...defaultsRules,
  ...sqlRules,
  ...xssRules,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.meta.id === id);
}

/** What families compute per file besides findings (the engine's `FileTables`): the seatbelt table and the module summary. */
export const fileTables: FileTables = { routes: routeControls, summary: summarizeModule };
