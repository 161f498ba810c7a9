// The adaptive debounce: a document whose analysis is cheap is analysed at once after an edit; a
// costly one (or one not analysed yet) waits the configured delay, so a burst of keystrokes on a
// 20,000-line file is still coalesced into one run.

import * as assert from 'node:assert/strict';
import { debounceFor, NO_DEBOUNCE_UNDER_MS, NO_DEBOUNCE_UP_TO_CHARS } from '../../server/lsp/server';

describe('language server: adaptive debounce', () => {
  it('waits the configured delay before the first analysis of a document', () => {
    assert.equal(debounceFor(50, undefined), 50);
  });

  it('analyses a document whose last run was cheap at once, and a costly one after the delay', () => {
    assert.equal(debounceFor(50, 12), 0);
    assert.equal(debounceFor(50, NO_DEBOUNCE_UNDER_MS), 0);
    assert.equal(debounceFor(50, NO_DEBOUNCE_UNDER_MS + 1), 50);
    assert.equal(debounceFor(300, 620), 300);
  });

  it('analyses a small document at once whatever its last run took (a run measured under load)', () => {
    assert.equal(debounceFor(50, undefined, 70_000), 0);
    assert.equal(debounceFor(50, 900, NO_DEBOUNCE_UP_TO_CHARS), 0);
  });

  it('still debounces a large document whose last run was costly, or that was never analysed', () => {
    assert.equal(debounceFor(50, 620, NO_DEBOUNCE_UP_TO_CHARS + 1), 50);
    assert.equal(debounceFor(50, undefined, 700_000), 50);
    assert.equal(debounceFor(50, 40, 700_000), 0);
  });
});
