// The wallet recovery phrase check (rules/cred/shared/mnemonic.ts): the word list is the BIP-39
// specification's, and a phrase counts only when its checksum matches (the specification's test
// vectors pass; the same words with the last one changed do not).

import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BIP39_ENGLISH } from '../../rules/cred/shared/bip39-words';
import { findMnemonic } from '../../rules/cred/shared/mnemonic';

describe('BIP-39 recovery phrases', () => {
  it('the word list is the specification file (2,048 words, its SHA-256)', () => {
    const words = BIP39_ENGLISH.split(',');
    assert.equal(words.length, 2048);
    assert.equal(new Set(words).size, 2048);
    assert.equal(
      createHash('sha256')
        .update(`${words.join('\n')}\n`)
        .digest('hex'),
      '2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda',
    );
  });

  it("finds the specification's test vectors (12, 18 and 24 words), inside longer text too", () => {
    const twelve = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
    assert.deepEqual(findMnemonic(twelve), { index: 0, length: twelve.length, words: 12 });
    const text = `my wallet: "${twelve}" please`;
    assert.deepEqual(findMnemonic(text), { index: 12, length: twelve.length, words: 12 });
    const eighteen =
      'letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic avoid letter always';
    assert.equal(findMnemonic(eighteen)?.words, 18);
    const twentyFour = `${'zoo '.repeat(23)}vote`;
    assert.equal(findMnemonic(twentyFour)?.words, 24);
  });

  it('refuses list words whose checksum does not match, words glued to others, and prose', () => {
    assert.equal(findMnemonic('legal winner thank year wave sausage worth useful legal winner thank thank'), undefined);
    assert.equal(findMnemonic('zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo'), undefined);
    assert.equal(
      findMnemonic('legal_winner thank year wave sausage worth useful legal winner thank yellow extra'),
      undefined,
    );
    assert.equal(findMnemonic('Write down the twelve words of your recovery phrase and keep them offline.'), undefined);
  });

  it('reads a phrase only as a whole run: a word list or a longer run of list words holds none', () => {
    const words = BIP39_ENGLISH.split(',');
    assert.equal(findMnemonic(words.join(' ')), undefined);
    const twelve = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
    const long = Array.from({ length: 10_000 }, (_, i) => words[(i * 7) % 2048]).join(' ');
    assert.equal(findMnemonic(`${twelve} ${long}`), undefined);
    // Set apart from the other words (a label, punctuation), it is a phrase again.
    assert.equal(findMnemonic(`seed: ${twelve}; ${long}`)?.index, 6);
  });
});
