'use strict';

// ok: defaults/insecure-randomness — test fixtures make throwaway values
const fakeToken = () => `tok_${Math.random().toString(36).slice(2)}`;

describe('orders', () => {
  it('accepts a bearer token', () => {
    const token = fakeToken();
    if (!token.startsWith('tok_')) throw new Error('bad fixture');
  });
});
