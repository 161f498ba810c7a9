// Code spans in finding messages, per view: quoted in plain text, <code> in HTML.

import * as assert from 'node:assert/strict';
import { htmlInlineCode, plainInlineCode } from '../../server/inline-code';

describe('inline code in messages', () => {
  it('quotes code spans for plain-text views', () => {
    assert.equal(
      plainInlineCode('use `pool.query(sql, [id])` instead of `+`'),
      "use 'pool.query(sql, [id])' instead of '+'",
    );
    assert.equal(plainInlineCode('no code here'), 'no code here');
  });
  it('renders code spans as <code> in already-escaped HTML', () => {
    assert.equal(htmlInlineCode('built with `a &lt; b`'), 'built with <code>a &lt; b</code>');
  });
  it('leaves an unmatched backtick alone', () => {
    assert.equal(plainInlineCode('a ` b'), 'a ` b');
  });
});
