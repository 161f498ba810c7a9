// The benchmark corpora: code nobody on this project wrote, fixed so that runs are comparable.
//
// `node_modules`: the JS/TS sources of a fixed list of installed packages (versions pinned by
// package-lock.json). Only files the engine analyses are kept (what `readSource` accepts: UTF-8,
// not binary, not minified, ≤ 2 MiB; no `.d.ts`), so every tool sees exactly the same files.
// `examples`: the course example app under examples/.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSource } from '../../server/host/scan';
import { isAnalysable, DEFAULT_MAX_FILE_BYTES } from '../../server/engine/analyze';
import { packageRoot } from '../../server/engine/paths';

/** Folders under node_modules/ (a mix of hand-written JS, compiled JS and TypeScript sources). */
export const NODE_MODULES_SUBSET = [
  'eslint/lib',
  'lodash',
  '@typescript-eslint/typescript-estree/dist',
  '@typescript-eslint/scope-manager/dist',
  'ajv/lib', // TypeScript sources
  'pg/lib',
  'pg-protocol/src', // TypeScript sources
  'mysql2/lib',
  'ejs/lib',
  'handlebars/lib',
  'nunjucks/src',
  'mocha/lib',
  'markdown-it/lib',
  'vscode-jsonrpc/lib',
  'vscode-languageserver/lib',
  'vscode-languageserver-protocol/lib',
  'fast-check/lib',
  're2js/build',
  'acorn/dist',
  'cheerio/src', // TypeScript sources
];

export interface Corpus {
  name: string;
  files: string[];
  lines: number;
  bytes: number;
}

function walk(dir: string, out: string[]): void {
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const abs = path.join(current, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') stack.push(abs);
      else if (e.isFile() && isAnalysable(abs) && !/\.d\.[cm]?ts$/.test(e.name) && !/\.min\.[cm]?js$/.test(e.name))
        out.push(abs);
    }
  }
}

export function loadCorpus(name: string): Corpus {
  const root = packageRoot();
  const candidates: string[] = [];
  if (name === 'node_modules') {
    for (const sub of NODE_MODULES_SUBSET) {
      const dir = path.join(root, 'node_modules', sub);
      if (!fs.existsSync(dir)) throw new Error(`corpus folder missing: node_modules/${sub} (run npm ci)`);
      walk(dir, candidates);
    }
  } else if (name === 'examples') {
    walk(path.join(root, 'examples'), candidates);
  } else {
    throw new Error(`unknown corpus '${name}' (node_modules | examples)`);
  }
  const files: string[] = [];
  let lines = 0;
  let bytes = 0;
  for (const file of [...new Set(candidates)].sort()) {
    const read = readSource(file, DEFAULT_MAX_FILE_BYTES);
    if ('reason' in read) continue;
    files.push(file);
    lines += read.text.split('\n').length;
    bytes += Buffer.byteLength(read.text);
  }
  return { name, files, lines, bytes };
}
