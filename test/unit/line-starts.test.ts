// Offsets to lines and columns through one table of line starts (server/engine/text.ts): a module
// summary places every sink and function it keeps, and slicing the text before each one made the
// summary of a long file quadratic in its length. The table must give what slicing gave.

import * as assert from 'node:assert/strict';
import { lineOf, lineStarts, positionIn } from '../../server/engine/text';

/** What module-summary.ts computed before: the text before the offset, split. */
function bySlicing(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  return [before.split('\n').length - 1, offset - (before.lastIndexOf('\n') + 1)];
}

describe('engine: line starts', () => {
  it('gives every offset the line and column slicing gives, at line ends, CRLF and the last offset', () => {
    for (const text of ['', 'a', '\n', 'one\ntwo\r\nthree\n\n', '\n\nx\n', 'no newline at the end']) {
      const starts = lineStarts(text);
      for (let offset = 0; offset <= text.length; offset++) {
        assert.deepEqual(positionIn(starts, offset), bySlicing(text, offset), `${JSON.stringify(text)} @ ${offset}`);
        assert.equal(positionIn(starts, offset)[0] + 1, lineOf(text, offset));
      }
    }
  });

  it('has one start per line', () => {
    assert.deepEqual(lineStarts('a\nbc\n'), [0, 2, 5]);
    assert.deepEqual(lineStarts(''), [0]);
  });
});
