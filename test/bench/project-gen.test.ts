import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { layeredProject, lineCount, sqlCommon, SQL_COMMON, writeProject } from './project-gen';
import { ModuleResolver } from '../../server/engine/project/resolve';
import { fsProjectFiles } from '../../server/host/project';

/** Relative module specifiers a file names (require, import … from, import x = require). */
function relativeSpecifiers(text: string): string[] {
  return [...text.matchAll(/(?:require\(|from )'(\.[^']+)'/g)].map((m) => m[1]);
}

describe('bench: the synthetic layered project (npm run bench -- project)', () => {
  it('is the same, file by file, every time it is generated', () => {
    const a = layeredProject({ files: 120, lines: 9000 });
    const b = layeredProject({ files: 120, lines: 9000 });
    assert.deepEqual([...a.keys()], [...b.keys()]);
    for (const [file, text] of a) assert.equal(b.get(file), text, file);
    assert.notEqual(
      layeredProject({ files: 120, lines: 20000 }).get('src/routes/invoiceRoutes.ts'),
      a.get('src/routes/invoiceRoutes.ts'),
    );
  });

  it('has about the files and lines asked for, TypeScript and JavaScript layers, and a shared SQL helper whose revisions differ', () => {
    const project = layeredProject({ files: 1000, lines: 80000 });
    const sources = [...project.keys()].filter((f) => /\.(?:ts|js)$/.test(f));
    assert.ok(sources.length >= 950 && sources.length <= 1050, `${sources.length} files`);
    const lines = lineCount(project);
    assert.ok(lines >= 60000 && lines <= 100000, `${lines} lines`);
    for (const layer of [
      'routes',
      'controllers',
      'services',
      'repositories',
      'helpers/sql',
      'helpers/markup',
      'validators',
    ])
      for (const ext of ['ts', 'js'])
        assert.ok(
          sources.some((f) => f.startsWith(`src/${layer}/`) && f.endsWith(`.${ext}`)),
          `a .${ext} file under ${layer}`,
        );
    assert.equal(project.get(SQL_COMMON), sqlCommon(0));
    assert.notEqual(sqlCommon(1), sqlCommon(0));
  });

  it('imports only modules it contains (each relative import resolves to a generated file)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-project-gen-'));
    try {
      const project = layeredProject({ files: 120, lines: 9000 });
      const files = writeProject(dir, project);
      const resolver = new ModuleResolver(fsProjectFiles(dir, files), [dir]);
      let imports = 0;
      for (const file of files) {
        for (const spec of relativeSpecifiers(fs.readFileSync(file, 'utf8'))) {
          imports++;
          const target = resolver.resolve(file, spec);
          assert.ok(target && files.includes(target), `${path.relative(dir, file)}: '${spec}' does not resolve`);
        }
      }
      assert.ok(imports > files.length, `${imports} imports in ${files.length} files`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
