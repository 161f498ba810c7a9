// Rule docs: each rule's README.md is the single source for hovers, the explain command, SARIF
// help and the docs site. Read from the package's own files, never from the workspace.

import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ruleDocPath } from './engine/paths';

const cache = new Map<string, string>();

export function ruleDoc(ruleId: string): string | undefined {
  if (!/^[a-z]+\/[a-z0-9-]+$/.test(ruleId)) return undefined; // never a path from outside
  if (!cache.has(ruleId)) {
    try {
      cache.set(ruleId, fs.readFileSync(ruleDocPath(ruleId), 'utf8'));
    } catch {
      return undefined;
    }
  }
  return cache.get(ruleId);
}

export function ruleDocUri(ruleId: string): string {
  return pathToFileURL(ruleDocPath(ruleId)).href;
}

/** The first paragraph after the title: what the problem is, in a few sentences. */
export function ruleExplanation(ruleId: string): string {
  const doc = ruleDoc(ruleId);
  if (!doc) return '';
  const body = doc.replace(/^#[^\n]*\n/, '').trim();
  const firstSection = body.split(/\n(?=## )/)[0].replace(/^## [^\n]*\n/, '').trim();
  return firstSection.split(/\n\s*\n/)[0].trim();
}
