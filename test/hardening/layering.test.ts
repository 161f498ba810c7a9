// The layers import in one direction only, as rust-analyzer's crate graph keeps them:
//   engine ↛ rules, cli, lsp, config, host   (the engine knows no rule and no front door)
//   rules  ↛ cli, lsp, config, host          (rules are pure: AST, facts, options → findings)
//   host   ↛ cli, lsp                        (pool, worker, scan: shared by both front doors)
//   lsp    ↛ cli                             (the language server shares the host, not the CLI)
// And by package: only the language server (and the client, outside server/) knows VS Code or the
// LSP (`vscode`, `vscode-languageserver*`, `vscode-languageclient`), and rules touch no I/O (no
// `fs`, network, process or thread module): rules are pure.
// This static check parses every file under server/ and rules/ with our own parser and reads every
// import (import/export … from, require, import(), import x = require, typeof import); each one
// that crosses the direction fails the test with its file and line.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Facts } from '../../server/engine/facts';
import { parse } from '../../server/engine/parse';
import { packageRoot } from '../../server/engine/paths';

const root = packageRoot();

type Layer = 'engine' | 'rules' | 'host' | 'cli' | 'lsp' | 'config' | 'docs' | 'other';

/** What each layer may not import. */
const FORBIDDEN: Partial<Record<Layer, readonly Layer[]>> = {
  engine: ['rules', 'cli', 'lsp', 'config', 'host', 'docs'],
  rules: ['cli', 'lsp', 'config', 'host', 'docs'],
  host: ['cli', 'lsp'],
  lsp: ['cli'],
};

/** The layer of a repository-relative path (forward slashes). */
export function layerOf(rel: string): Layer {
  if (rel.startsWith('server/engine/')) return 'engine';
  if (rel.startsWith('server/host/')) return 'host';
  if (rel.startsWith('server/cli/')) return 'cli';
  if (rel.startsWith('server/lsp/')) return 'lsp';
  if (rel.startsWith('server/config/')) return 'config';
  if (rel === 'server/docs.ts') return 'docs';
  if (rel === 'rules' || rel === 'rules/index.ts' || rel.startsWith('rules/')) return 'rules';
  return 'other';
}

/** Packages only the language server may import (the editor's protocol). */
const EDITOR_PACKAGE = /^vscode(?:$|-languageserver|-languageclient|-jsonrpc|\/)/;
/** Node.js modules that reach outside the process's memory: no rule may import one. */
const IO_MODULE =
  /^(?:node:)?(?:fs|fs\/promises|child_process|net|http|https|http2|dgram|dns|tls|worker_threads|cluster|vm|os|process|readline)$/;

/** Why `from` may not import the package `specifier`, or undefined. */
function packageViolation(from: Layer, specifier: string): string | undefined {
  if (EDITOR_PACKAGE.test(specifier) && from !== 'lsp' && from !== 'other')
    return `${from} imports the editor package '${specifier}' (only server/lsp knows VS Code and the LSP)`;
  if (IO_MODULE.test(specifier) && from === 'rules')
    return `rules import the I/O module '${specifier}' (rules are pure)`;
  return undefined;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  const stack = [path.join(root, dir)];
  while (stack.length) {
    const current = stack.pop()!;
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const abs = path.join(current, entry.name);
      if (entry.isDirectory() && entry.name !== 'cases') stack.push(abs);
      else if (entry.isFile() && /\.[cm]?tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(abs);
    }
  }
  return out.sort();
}

/** Every import of `text` (the file at repository-relative `rel`) that crosses the layers' direction, as `file:line: …`. */
export function layerViolations(rel: string, text: string): string[] {
  const parsed = parse(text, rel.endsWith('x') ? 'tsx' : 'ts');
  assert.deepEqual(parsed.notes, [], `${rel} parses`);
  const facts = new Facts(text, parsed);
  const from = layerOf(rel);
  const forbidden = FORBIDDEN[from] ?? [];
  const found: { at: number; message: string }[] = [];
  const check = (specifier: unknown, at: number): void => {
    if (typeof specifier !== 'string') return;
    if (!specifier.startsWith('.')) {
      const why = packageViolation(from, specifier);
      if (why) found.push({ at, message: `${rel}:${text.slice(0, at).split('\n').length}: ${why}` });
      return;
    }
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), specifier));
    const to = layerOf(target);
    if (forbidden.includes(to)) {
      const line = text.slice(0, at).split('\n').length;
      found.push({ at, message: `${rel}:${line}: ${from} imports ${to} ('${specifier}')` });
    }
  };
  for (const n of facts.nodesOfType('ImportDeclaration')) check(n.source.value, n.range[0]);
  for (const n of facts.nodesOfType('ExportNamedDeclaration')) if (n.source) check(n.source.value, n.range[0]);
  for (const n of facts.nodesOfType('ExportAllDeclaration')) check(n.source.value, n.range[0]);
  for (const n of facts.nodesOfType('ImportExpression'))
    if (n.source.type === 'Literal') check(n.source.value, n.range[0]);
  for (const n of facts.nodesOfType('CallExpression')) {
    const arg = n.arguments[0];
    if (n.callee.type === 'Identifier' && n.callee.name === 'require' && arg?.type === 'Literal')
      check(arg.value, n.range[0]);
  }
  for (const n of facts.nodesOfType('TSImportEqualsDeclaration')) {
    if (n.moduleReference.type === 'TSExternalModuleReference' && n.moduleReference.expression.type === 'Literal')
      check(n.moduleReference.expression.value, n.range[0]);
  }
  for (const n of facts.nodesOfType('TSImportType')) {
    const arg = n.argument;
    if (arg.type === 'TSLiteralType' && arg.literal.type === 'Literal') check(arg.literal.value, n.range[0]);
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.message);
}

describe('layering: imports run one way (engine ← rules ← host ← cli/lsp)', () => {
  it('the check itself finds a crossing import, with its file and line, in every form', () => {
    const text = [
      "import { allRules } from '../../rules';",
      "export { x } from '../cli/main';",
      "const c = require('../config/load');",
      "type T = typeof import('../lsp/server');",
      "import h = require('../host/scan');",
      "import { Facts } from './facts';",
    ].join('\n');
    assert.deepEqual(layerViolations('server/engine/x.ts', text), [
      "server/engine/x.ts:1: engine imports rules ('../../rules')",
      "server/engine/x.ts:2: engine imports cli ('../cli/main')",
      "server/engine/x.ts:3: engine imports config ('../config/load')",
      "server/engine/x.ts:4: engine imports lsp ('../lsp/server')",
      "server/engine/x.ts:5: engine imports host ('../host/scan')",
    ]);
    assert.deepEqual(layerViolations('server/lsp/y.ts', "import { scanPaths } from '../cli/scan';"), [
      "server/lsp/y.ts:1: lsp imports cli ('../cli/scan')",
    ]);
    assert.deepEqual(layerViolations('rules/sql/z/rule.ts', "import { load } from '../../../server/config/load';"), [
      "rules/sql/z/rule.ts:1: rules imports config ('../../../server/config/load')",
    ]);
    assert.deepEqual(
      layerViolations('server/cli/main.ts', "import { x } from '../lsp/server';"),
      [],
      'the CLI may use anything but is used by nothing',
    );
  });

  it('the check finds an editor package outside the language server and an I/O module in a rule', () => {
    assert.deepEqual(
      layerViolations('server/engine/x.ts', "import { Diagnostic } from 'vscode-languageserver/node';"),
      [
        "server/engine/x.ts:1: engine imports the editor package 'vscode-languageserver/node' (only server/lsp knows VS Code and the LSP)",
      ],
    );
    assert.deepEqual(layerViolations('server/host/x.ts', "const vscode = require('vscode');"), [
      "server/host/x.ts:1: host imports the editor package 'vscode' (only server/lsp knows VS Code and the LSP)",
    ]);
    assert.deepEqual(
      layerViolations(
        'rules/cred/x/rule.ts',
        "import * as fs from 'node:fs';\nimport { readFile } from 'fs/promises';",
      ),
      [
        "rules/cred/x/rule.ts:1: rules import the I/O module 'node:fs' (rules are pure)",
        "rules/cred/x/rule.ts:2: rules import the I/O module 'fs/promises' (rules are pure)",
      ],
    );
    assert.deepEqual(
      layerViolations('server/lsp/x.ts', "import { createConnection } from 'vscode-languageserver/node';"),
      [],
    );
    assert.deepEqual(
      layerViolations('rules/cred/x/rule.ts', "import { createHash } from 'node:crypto';"),
      [],
      'hashing is computation, not I/O',
    );
  });

  it('no file under server/ or rules/ imports across the direction', () => {
    const files = [...sources('server'), ...sources('rules')];
    assert.ok(files.length > 100, `found ${files.length} files`);
    const found = files.flatMap((f) =>
      layerViolations(path.relative(root, f).split(path.sep).join('/'), fs.readFileSync(f, 'utf8')),
    );
    assert.deepEqual(found, [], `imports against the layering:\n${found.join('\n')}`);
  });
});
