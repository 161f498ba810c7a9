// A wallet recovery phrase (BIP-39 mnemonic) anywhere in a string: 12, 15, 18, 21 or 24 words of
// the BIP-39 English list in a row whose built-in checksum matches. Whoever reads the phrase holds
// the wallet. The checksum is the evidence (as for tokens): a run of list words that fails it is a
// sentence, not a key (one random run in 16 to 256 passes by chance, and prose rarely stays inside
// the list for twelve words). Linear: one pass over the words, a set lookup each.

import { createHash } from 'node:crypto';
import { BIP39_ENGLISH } from './bip39-words';

let index: Map<string, number> | undefined;

function wordIndex(): Map<string, number> {
  if (!index) index = new Map(BIP39_ENGLISH.split(',').map((w, i) => [w, i]));
  return index;
}

const LENGTHS = [24, 21, 18, 15, 12];

export interface Mnemonic {
  /** Offset of the phrase in the string, and its length. */
  index: number;
  length: number;
  words: number;
}

/** The first BIP-39 phrase with a valid checksum in `value`, if any. */
export function findMnemonic(value: string): Mnemonic | undefined {
  // Cheap refusals first: this runs on every string literal and config value.
  if (value.length < 12 * 4 || value.length > 100_000) return undefined;
  let spaces = 0;
  for (let i = 0; i < value.length && spaces < 11; i++) if (value.charCodeAt(i) === 32) spaces++;
  if (spaces < 11) return undefined;
  const words = wordIndex();
  // Runs of consecutive list words separated by single spaces.
  const re = /[a-z]+/g;
  let run: { word: number; start: number; end: number }[] = [];
  // A phrase is a whole run: twelve words inside a longer run of list words are a word list or a
  // sentence, and one window in 16 to 256 of such a run would pass the checksum by chance.
  const check = (): Mnemonic | undefined => {
    if (!LENGTHS.includes(run.length) || !checksumOk(run.map((p) => p.word))) return undefined;
    const start = run[0].start;
    return { index: start, length: run[run.length - 1].end - start, words: run.length };
  };
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const w = words.get(m[0]);
    const joined = run.length > 0 && value.slice(run[run.length - 1].end, m.index) === ' ';
    if (w === undefined || !joined || !standsAlone(value, m.index, m.index + m[0].length)) {
      if (run.length >= 12) {
        const found = check();
        if (found) return found;
      }
      run = [];
    }
    if (w !== undefined && standsAlone(value, m.index, m.index + m[0].length))
      run.push({ word: w, start: m.index, end: m.index + m[0].length });
  }
  return run.length >= 12 ? check() : undefined;
}

/** The word is not part of a longer token (`abandon_1`, `Zoo`, `able.js`). */
function standsAlone(value: string, start: number, end: number): boolean {
  const before = start > 0 ? value[start - 1] : ' ';
  const after = end < value.length ? value[end] : ' ';
  return !/[A-Za-z0-9_.\-/@]/.test(before) && !/[A-Za-z0-9_\-/@]/.test(after);
}

/** BIP-39: the words' 11-bit values are the entropy followed by the first ENT/32 bits of its SHA-256. */
export function checksumOk(indices: readonly number[]): boolean {
  const n = indices.length;
  if (n % 3 !== 0 || n < 12 || n > 24) return false;
  const checksumBits = n / 3;
  const entropyBytes = (n * 11 - checksumBits) / 8;
  const bits: number[] = [];
  for (const i of indices) for (let b = 10; b >= 0; b--) bits.push((i >> b) & 1);
  const entropy = Buffer.alloc(entropyBytes);
  for (let i = 0; i < entropyBytes * 8; i++) if (bits[i]) entropy[i >> 3] |= 0x80 >> (i & 7);
  const hash = createHash('sha256').update(entropy).digest();
  for (let i = 0; i < checksumBits; i++)
    if (((hash[i >> 3] >> (7 - (i & 7))) & 1) !== bits[entropyBytes * 8 + i]) return false;
  return true;
}
