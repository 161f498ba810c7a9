// `paved-road scan --shard i/n`: one of n disjoint parts of a scan, for a CI matrix (GitHub
// Actions `strategy.matrix`, GitLab `parallel:`). A file's shard depends only on its own
// workspace-relative path (a SHA-256 of it), so every job computes the same split without talking
// to the others, the shards are disjoint and together are the whole scan, and adding or removing a
// file never moves any other file to another shard (per-shard caches stay warm).

import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { UsageError } from '../host/scan';

export interface Shard {
  /** 1-based, as written on the command line. */
  index: number;
  count: number;
}

export const MAX_SHARDS = 1024;

export function parseShard(spec: string): Shard {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(spec);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS} (e.g. 2/4), not '${spec}'`);
  }
  return { index, count };
}

/** The 0-based shard of a workspace-relative path (forward slashes). */
export function shardOf(relativePath: string, count: number): number {
  const digest = createHash('sha256').update(relativePath).digest();
  return digest.readUInt32BE(0) % count;
}

/** Does this absolute file belong to the shard? Paths are taken relative to `base` (the workspace). */
export function inShard(file: string, shard: Shard, base: string): boolean {
  const relative = path.relative(base, file).split(path.sep).join('/');
  return shardOf(relative, shard.count) === shard.index - 1;
}
