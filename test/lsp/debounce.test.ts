// The adaptive debounce: a document whose analysis is cheap is analysed at once after an edit; a
// costly one (or one not analysed yet) waits the configured delay, so a burst of keystrokes on a
// 20,000-line file is still coalesced into one run.

import * as assert from 'node:assert/strict';
import { debounceFor, NO_DEBOUNCE_UNDER_MS } from '../../server/lsp/server';

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
});
