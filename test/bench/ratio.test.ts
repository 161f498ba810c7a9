import { strict as assert } from 'node:assert';
import { compare } from './ratio';

describe('bench: ratios in words', () => {
  it('says slower when Paved Road takes longer and faster when it takes less', () => {
    assert.equal(compare(7879, 5290), '1.49× slower');
    assert.equal(compare(7879, 27914), '3.54× faster');
    assert.equal(compare(490, 8283), '16.90× faster');
    assert.equal(compare(100, 100), 'same time');
    assert.equal(compare(0, 100), 'n/a');
  });
});
