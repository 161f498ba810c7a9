import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkLabels, corpusRoot } from './labels';

// The corpora are measured by `npm run measure`; this only keeps their labels honest when files are
// edited: a label that drifts off its line would silently turn a miss into a pass. It never prints
// line contents (the held-out split stays unread).
describe('labelled corpora (test/fixtures/corpus)', () => {
  for (const split of ['dev', 'heldout']) {
    for (const family of ['xss', 'cred', 'defaults']) {
      it(`${split}/${family}: every file is labelled and every label points at a non-blank line`, () => {
        const dir = path.join(corpusRoot, split, family);
        assert.ok(fs.existsSync(path.join(dir, 'labels.json')), `${dir}/labels.json is missing`);
        const { labels, files, problems } = checkLabels(dir);
        assert.deepEqual(problems, []);
        assert.ok(files.length > 0);
        assert.ok(
          Object.values(labels).some((l) => l.length > 0),
          'a split without any positive measures nothing',
        );
      });
    }
    // The cross-file corpus (issue 23): one labels.json with every family's labels for every file.
    for (const family of ['sql', 'xss', 'cred', 'audit']) {
      it(`${split}/layered (${family}): every file is labelled and every label points at a non-blank line`, () => {
        const { labels, files, problems } = checkLabels(path.join(corpusRoot, split, 'layered'), family);
        assert.deepEqual(problems, []);
        assert.ok(files.length > 0);
        assert.ok(
          Object.values(labels).some((l) => l.length > 0),
          'a split without any positive measures nothing',
        );
      });
    }
  }
});
