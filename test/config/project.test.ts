// What a file's project says about itself (server/config/project.ts), read as data for fix
// verification: dependencies, the lowest Node.js it runs on, its tsconfig/jsconfig.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lowestMajor, ProjectReader } from '../../server/config/project';
import { nodeHost } from '../../server/config/load';

describe('project facts for fix verification', () => {
  it('reads the lowest Node.js major a semver range admits', () => {
    assert.equal(lowestMajor('>=8'), 8);
    assert.equal(lowestMajor('>= 10.13.0'), 10);
    assert.equal(lowestMajor('^14.17.0 || >=16'), 14);
    assert.equal(lowestMajor('22 - 26'), 22);
    assert.equal(lowestMajor('12.x'), 12);
    assert.equal(lowestMajor('*'), undefined);
  });

  it('takes dependencies of every kind, the lower of engines.node and the Dockerfile (code names too), and the nearest tsconfig', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-project-'));
    fs.mkdirSync(path.join(dir, 'src', 'routes'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        engines: { node: '>=12' },
        dependencies: { express: '1' },
        devDependencies: { jest: '1' },
        peerDependencies: { react: '1' },
      }),
    );
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:carbon AS build\nRUN npm ci\nFROM node:16-alpine\n');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{}');
    const project = new ProjectReader(nodeHost, dir).projectFor(path.join(dir, 'src', 'routes', 'a.ts'));
    assert.deepEqual(project.facts, {
      manifest: 'package.json',
      dependencies: ['express', 'jest', 'react'],
      node: { major: 8, source: 'FROM node:8 in the Dockerfile' },
    });
    assert.equal(project.tsconfig, path.join(dir, 'tsconfig.json'));
  });

  it('a file with no package.json depends on nothing (a fix that imports a package is not offered)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-project-'));
    fs.mkdirSync(path.join(dir, '.git'));
    assert.deepEqual(new ProjectReader(nodeHost, dir).projectFor(path.join(dir, 'a.js')), {
      facts: { dependencies: [] },
    });
  });
});
