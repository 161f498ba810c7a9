// Where the package's own files (rule docs, schemas) are, whether running from `out/` (tests),
// `dist/` (bundles) or the sources.

import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'paved-road') return (cached = dir);
      } catch {
        /* keep looking */
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`paved-road package root not found above ${__dirname}`);
  }
}

/** The rule's README, the single source of its docs. */
export function ruleDocPath(ruleId: string): string {
  return path.join(packageRoot(), 'rules', ruleId, 'README.md');
}
