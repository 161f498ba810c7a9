// The families of rules: the one list from which the `Category` type, the rule id pattern, the
// report's sections, the config loader's family names (server/config/load.ts `configSchema`; the
// shipped JSON schema names no family) and the course lessons follow; the family-list test
// (test/unit/families.test.ts) checks the rule folders and the course lessons against it. Adding a
// family: ARCHITECTURE.md, "Adding a family".

export const FAMILIES = [
  { id: 'sql', label: 'SQL injection' },
  { id: 'xss', label: 'Cross-site scripting' },
  { id: 'cred', label: 'Credentials' },
  { id: 'audit', label: 'Audit logging' },
  { id: 'defaults', label: 'Insecure defaults' },
] as const;

export type Category = (typeof FAMILIES)[number]['id'];

export const CATEGORY_IDS: readonly Category[] = FAMILIES.map((f) => f.id);

/** `family/kebab-name`, for one of the families above. */
export const RULE_ID = new RegExp(`^(${CATEGORY_IDS.join('|')})/[a-z0-9]+(?:-[a-z0-9]+)*$`);
