// Which files git tracks, read from `.git/index` as data. `git` itself is never run: a
// repository's `.git/config` can name programs (core.fsmonitor, hooks) that git would execute,
// which would be code execution from the workspace. The index format (v2, v3, v4) is documented in
// git's Documentation/gitformat-index.txt; this reader takes only the paths, is bounded in size,
// entries and path length, and never throws: a missing, unsupported or corrupt index is `undefined`
// plus a reason, and the caller falls back to .gitignore alone (with a note).
//
// Why not a library: isomorphic-git reads only index v2 and is a large bundle for a 60-line
// reader; nothing smaller is maintained. The format is stable and the reader is fuzzed by its test.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** An index larger than this is not read (a repository with ~1M files has an index of ~100 MB). */
export const MAX_INDEX_BYTES = 256 * 1024 * 1024;
const MAX_ENTRIES = 4_000_000;
const MAX_PATH = 4096;

export type IndexRead = { paths: string[] } | { error: string };

/** The paths (repository-relative, `/`-separated) an index file's bytes list. */
export function parseGitIndex(data: Uint8Array): IndexRead {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 12 + 20) return { error: 'too short to be a git index' };
  if (data[0] !== 0x44 || data[1] !== 0x49 || data[2] !== 0x52 || data[3] !== 0x43)
    return { error: 'not a git index (no DIRC signature)' };
  const version = view.getUint32(4);
  if (version < 2 || version > 4) return { error: `git index version ${version} is not supported (2, 3 and 4 are)` };
  const count = view.getUint32(8);
  if (count > MAX_ENTRIES) return { error: `git index lists ${count} entries (more than ${MAX_ENTRIES})` };
  const end = data.length - 20; // the trailing checksum
  const decoder = new TextDecoder('utf-8');
  const paths: string[] = [];
  let offset = 12;
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    if (offset + 62 > end) return { error: 'git index is truncated' };
    const mode = view.getUint32(offset + 24);
    const flags = view.getUint16(offset + 60);
    let cursor = offset + 62;
    if (flags & 0x4000) {
      if (version < 3) return { error: 'git index v2 entry with extended flags' };
      cursor += 2;
    }
    let name: Uint8Array;
    if (version === 4) {
      // Prefix compression: a varint of bytes to drop from the previous path, then the rest, NUL-terminated.
      let drop = 0;
      let byte: number;
      let guard = 0;
      do {
        if (cursor >= end || ++guard > 5) return { error: 'git index v4 path prefix is malformed' };
        byte = data[cursor++];
        drop = guard === 1 ? byte & 0x7f : ((drop + 1) << 7) | (byte & 0x7f);
      } while (byte & 0x80);
      if (drop > previous.length) return { error: 'git index v4 path prefix is longer than the previous path' };
      const nul = data.indexOf(0, cursor);
      if (nul < 0 || nul >= end) return { error: 'git index path is not terminated' };
      const kept = previous.length - drop;
      if (kept + (nul - cursor) > MAX_PATH) return { error: 'git index path is too long' };
      name = new Uint8Array(kept + (nul - cursor));
      name.set(previous.subarray(0, kept));
      name.set(data.subarray(cursor, nul), kept);
      cursor = nul + 1;
    } else {
      const nul = data.indexOf(0, cursor);
      if (nul < 0 || nul >= end || nul - cursor > MAX_PATH) return { error: 'git index path is not terminated' };
      name = data.subarray(cursor, nul);
      // Entries are padded with 1–8 NULs to a multiple of 8 bytes from the entry's start.
      cursor = offset + ((nul - offset + 8) & ~7);
    }
    previous = name;
    offset = cursor;
    // A sparse index lists a whole directory as one entry (mode 040000): not a file.
    if ((mode & 0o170000) === 0o040000) continue;
    paths.push(decoder.decode(name));
  }
  return { paths };
}

/** The git directory of the work tree at `root` (`.git`, or the `gitdir:` a `.git` file names), if any. */
function gitDirOf(root: string): string | undefined {
  const dotGit = path.join(root, '.git');
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dotGit);
  } catch {
    return undefined;
  }
  if (stat.isDirectory()) return dotGit;
  if (!stat.isFile() || stat.size > 4096) return undefined;
  const m = /^gitdir: (.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'));
  return m ? path.resolve(root, m[1].trim()) : undefined;
}

export interface TrackedFiles {
  /** The work tree's root. */
  root: string;
  /** Repository-relative paths of tracked files. */
  files: Set<string>;
  /** Every folder that holds a tracked file, at any depth (repository-relative; '' is the root). */
  dirs: Set<string>;
}

/** Whether git tracks `file` (false when it is in no work tree or the index cannot be read). */
export function isTracked(file: string): boolean {
  const abs = path.resolve(file);
  const root = workTreeOf(path.dirname(abs));
  if (!root) return false;
  const tracked = readTrackedFiles(root);
  return !('error' in tracked) && tracked.files.has(path.relative(root, abs).split(path.sep).join('/'));
}

/** The innermost git work tree holding `dir` (the nearest folder above with a `.git`), if any. */
export function workTreeOf(dir: string): string | undefined {
  for (let current = path.resolve(dir), i = 0; i < 256; i++) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
  return undefined;
}

/**
 * What git tracks in the work tree at `root`, or why it is not known (no index yet, an index too
 * large, unsupported or corrupt): then .gitignore alone decides, as before, and the caller says so.
 */
export function readTrackedFiles(root: string): TrackedFiles | { error: string } {
  const gitDir = gitDirOf(root);
  if (!gitDir) return { error: 'no git directory' };
  const indexFile = path.join(gitDir, 'index');
  try {
    const stat = fs.lstatSync(indexFile);
    if (!stat.isFile()) return { error: `${indexFile} is not a regular file` };
    if (stat.size > MAX_INDEX_BYTES)
      return { error: `${indexFile} is larger than ${MAX_INDEX_BYTES / 1024 / 1024} MiB` };
    // Read once per version of the index (the editor asks for every config file it opens).
    const stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    const cached = recent.get(indexFile);
    if (cached?.stamp === stamp) return cached.value;
    const value = readIndexFile(root, indexFile);
    recent.set(indexFile, { stamp, value });
    if (recent.size > 16) recent.delete(recent.keys().next().value!);
    return value;
  } catch (error) {
    return { error: `cannot read ${indexFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}

const recent = new Map<string, { stamp: string; value: TrackedFiles | { error: string } }>();

function readIndexFile(root: string, indexFile: string): TrackedFiles | { error: string } {
  let data: Buffer;
  try {
    data = fs.readFileSync(indexFile);
  } catch (error) {
    return { error: `cannot read ${indexFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  const read = parseGitIndex(data);
  if ('error' in read) return { error: `${indexFile}: ${read.error}` };
  const files = new Set(read.paths);
  const dirs = new Set<string>(['']);
  for (const file of read.paths) {
    for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
      const dir = file.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  return { root, files, dirs };
}
