// The extension manifest promises things the code must keep: every contributed command is
// registered (by the client or the server), walkthrough media exist and ship in the vsix.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../server/engine/paths';
import { EXPLAIN_COMMAND } from '../../server/lsp/server';

const root = packageRoot();
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('extension manifest', () => {
  it('every contributed command is registered by the client or served by the language server', () => {
    const client = fs
      .readdirSync(path.join(root, 'client'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join(root, 'client', f), 'utf8'))
      .join('\n');
    for (const { command } of manifest.contributes.commands as { command: string }[]) {
      assert.ok(
        client.includes(`'${command}'`) || command === EXPLAIN_COMMAND,
        `${command} is contributed but never registered`,
      );
    }
  });

  it('the walkthrough walks install → example app → finding → paved road → team config, with media that ship', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.deepEqual(
      walkthrough.steps.map((s: { id: string }) => s.id),
      ['install', 'openCourse', 'seeFinding', 'applyFix', 'shareConfig'],
    );
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!media\/\*\*$/m);
    for (const step of walkthrough.steps) {
      assert.ok(fs.existsSync(path.join(root, step.media.markdown)), `${step.media.markdown} exists`);
      for (const m of (step.description as string).matchAll(/command:([\w.]+)/g)) {
        const known =
          (manifest.contributes.commands as { command: string }[]).some((c) => c.command === m[1]) ||
          m[1].startsWith('workbench.');
        assert.ok(known, `walkthrough links to unknown command ${m[1]}`);
      }
    }
  });
});
