// Hostile trees for the scanner (issue 10, "Bad input"): shared by test/cli/bad-input.test.ts
// (small sizes) and `npm run bench -- badinput` (full sizes: a 50 MB generated file, 100,000 tiny
// files, a minified bundle, a symlink loop, a file at the size limit).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { NODE_MODULES_SUBSET } from './corpus';
import { packageRoot } from '../../server/engine/paths';

export interface BadInputSizes {
  /** Tiny files (one export each), 100 per folder; one of them has a finding. */
  tinyFiles: number;
  /** A generated file of this many MB (skipped by the 2 MiB limit); 0 = none. */
  generatedMb: number;
  /** A minified bundle of this many KB, under a name the default ignores do not catch; 0 = none. */
  bundleKb: number;
  /** A file of real (unminified) dependency code of about this many KB; 0 = none. */
  largeFileKb: number;
}

export function makeBadInput(dir: string, sizes: BadInputSizes): void {
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  for (let i = 0; i < sizes.tinyFiles; i++)
    write(`tiny/d${Math.floor(i / 100)}/f${i}.js`, `export const v${i} = ${i};\n`);
  write(
    'tiny/vulnerable.js',
    `const mysql = require('mysql2');\nconst c = mysql.createConnection({});\nmodule.exports = (req) => c.query('SELECT * FROM t WHERE id = ' + req.query.id);\n`,
  );
  if (sizes.generatedMb) {
    const line = (i: number): string =>
      `export const generated${i} = { id: ${i}, name: "item-${i}", tags: ["a", "b", "c"] };\n`;
    fs.mkdirSync(path.join(dir, 'generated'), { recursive: true });
    const fd = fs.openSync(path.join(dir, 'generated', 'huge.js'), 'w');
    let bytes = 0;
    for (let i = 0; bytes < sizes.generatedMb * 1024 * 1024; i++) {
      const chunk = Array.from({ length: 1000 }, (_, k) => line(i * 1000 + k)).join('');
      fs.writeSync(fd, chunk);
      bytes += chunk.length;
    }
    fs.closeSync(fd);
  }
  if (sizes.bundleKb) {
    const parts: string[] = [];
    for (let i = 0; parts.join('').length < sizes.bundleKb * 1024; i++)
      parts.push(`function a${i}(b,c){return b+c*${i}}var x${i}=a${i}(${i},2);`);
    write('vendor-bundle/app.bundle.out.js', `!function(){${parts.join('')}}();\n`);
  }
  if (sizes.largeFileKb) {
    // Real code: dependency sources wrapped one after the other while they fit in the size.
    const limit = sizes.largeFileKb * 1024;
    let text = '';
    for (const sub of NODE_MODULES_SUBSET) {
      const stack = [path.join(packageRoot(), 'node_modules', sub)];
      while (stack.length) {
        const current = stack.pop()!;
        for (const e of fs.existsSync(current) ? fs.readdirSync(current, { withFileTypes: true }) : []) {
          const abs = path.join(current, e.name);
          if (e.isDirectory()) {
            stack.push(abs);
            continue;
          }
          if (!e.name.endsWith('.js') || e.name.endsWith('.min.js')) continue;
          const source = fs.readFileSync(abs, 'utf8');
          if (/^\s*(import|export)\s/m.test(source)) continue; // ES modules cannot be wrapped in a function
          const part = `\n;(function () {\n${source.replace(/^#!.*/, '')}\n})();\n`;
          if (text.length + part.length <= limit) text += part;
        }
      }
    }
    write('large/all-in-one.js', text);
  }
  // A symlink loop: a folder linking to itself and to its parent.
  fs.mkdirSync(path.join(dir, 'loop'), { recursive: true });
  fs.symlinkSync('.', path.join(dir, 'loop', 'self'));
  fs.symlinkSync('..', path.join(dir, 'loop', 'parent'));
}
