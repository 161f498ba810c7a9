// The scan cache (`paved-road scan --cache`): a re-scan of unchanged files reuses their results.
//
// An entry is keyed by SHA-256 over the engine fingerprint (version + the code that produced the
// result), the analysis configuration, the file's path and its exact text. A cache is data another
// party may have written (a CI cache restored from a fork's run, a committed folder), so an entry
// is never trusted blindly: it carries an HMAC-SHA256 under a secret that lives outside the cache
// and the workspace, and its shape is checked against the file it claims to describe. Any entry
// that fails (corrupted, truncated, forged, from another engine) is ignored and recomputed; a
// cache can make a scan faster, never make a finding disappear.
//
// The secret: PAVED_ROAD_CACHE_SECRET if set (CI: a repository secret, which forks' runs do not
// get), otherwise a random key created once in the user's cache folder (mode 0600).
//
// The folder itself is workspace data too (a committed `.paved-road-cache/`), so the cache never
// follows a link: the folder and every component of its path below the workspace are lstat'ed and
// refused when one is a link, not a directory, or (the folder) not owned by the current user
// (`openCacheDir`: the CLI says so and scans without a cache); shard folders are checked the same
// way; entries are opened with O_NOFOLLOW (and O_NONBLOCK, so a FIFO cannot hang the read), checked
// with fstat to be a regular file within MAX_ENTRY_BYTES, then read to that bound; temporary files
// are created with O_EXCL|O_NOFOLLOW; pruning deletes only files whose MAC verifies (what this
// cache wrote under this secret), never a stranger's file that happens to be named like an entry.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnalysisConfig, AnalysisResult } from '../engine/types';
import { maskResultText, SecretMask } from '../engine/mask';
import { packageRoot } from '../engine/paths';
import { timed } from '../engine/timing';

const FORMAT = 'paved-road-cache/1';

/** Pruning (after every scan with --cache): entries no scan used for this long go… */
export const DEFAULT_CACHE_MAX_AGE_DAYS = 7;
/** …and then the least recently used ones, until the folder is at most this size. */
export const DEFAULT_CACHE_MAX_MB = 256;

/** The largest entry read: far above any real result (a file's findings are bounded), far below memory trouble. */
export const MAX_ENTRY_BYTES = 32 * 1024 * 1024;

const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** The current user's id, where the platform has one (not on Windows). */
function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/** Why `dir` (lstat'ed, never followed) cannot be a cache folder, or undefined when it can. */
function folderProblem(dir: string, stat: fs.Stats): string | undefined {
  if (stat.isSymbolicLink()) return `${dir} is a symbolic link`;
  if (!stat.isDirectory()) return `${dir} is not a directory`;
  const uid = currentUid();
  if (uid !== undefined && stat.uid !== uid) return `${dir} belongs to another user (uid ${stat.uid})`;
  return undefined;
}

/**
 * Make sure `dir` is a cache folder that follows no link: every component of its path below
 * `workspace` (or, for a folder outside the workspace, the folder itself) is lstat'ed, missing ones
 * are created one at a time (mode 0700), and a link, a non-directory or a folder of another user
 * anywhere there is refused. Returns the reason it was refused, or undefined.
 */
export function openCacheDir(dir: string, workspace: string): string | undefined {
  const target = path.resolve(dir);
  const rel = path.relative(path.resolve(workspace), target);
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  const components: string[] = [];
  if (inside) {
    let at = path.resolve(workspace);
    for (const part of rel.split(path.sep)) components.push((at = path.join(at, part)));
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    components.push(target);
  }
  for (const [i, component] of components.entries()) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(component);
    } catch {
      try {
        fs.mkdirSync(component, { mode: 0o700 });
        stat = fs.lstatSync(component);
      } catch (error) {
        return `cannot create ${component}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    // Components above the cache folder must be real directories; only the folder itself must be ours.
    const problem =
      i === components.length - 1
        ? folderProblem(component, stat)
        : stat.isSymbolicLink()
          ? `${component} is a symbolic link`
          : !stat.isDirectory()
            ? `${component} is not a directory`
            : undefined;
    if (problem) return problem;
  }
  return undefined;
}

/** A real directory of ours (not a link), by lstat. */
function isOwnFolder(dir: string): boolean {
  try {
    return folderProblem(dir, fs.lstatSync(dir)) === undefined;
  } catch {
    return false;
  }
}

/** An entry used by a scan is marked (its mtime) at most this often: pruning counts days, and a
 * write per hit was a fifth of a warm re-scan's system time. */
const TOUCH_AFTER_MS = 3600 * 1000;

/**
 * The content of a regular file, opened without following a link, or undefined (absent, a link, not
 * a file, too big). `touch`: mark it used (its mtime, through the same descriptor) if it was not
 * marked in the last hour.
 */
function readBounded(file: string, touch = false): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_ENTRY_BYTES) return undefined;
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < buffer.length) {
      const n = fs.readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    if (touch && Date.now() - stat.mtimeMs > TOUCH_AFTER_MS) {
      try {
        const now = new Date();
        fs.futimesSync(fd, now, now);
      } catch {
        /* a read-only cache still serves hits */
      }
    }
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

export interface PruneOptions {
  maxAgeMs?: number;
  maxBytes?: number;
  now?: number;
}

export interface CacheOptions {
  dir: string;
  secret: Buffer;
  /** The engine fingerprint: with the file's configuration, path and text, all that decides a result. */
  salt: string;
}

export class ScanCache {
  readonly dir: string;
  private readonly secret: Buffer;
  private readonly salt: string;
  hits = 0;
  misses = 0;
  rejected = 0;

  constructor(options: CacheOptions) {
    this.dir = options.dir;
    this.secret = options.secret;
    this.salt = options.salt;
  }

  /** The cache in `dir`, or the reason it cannot be used (a link, another user's folder: see openCacheDir). */
  static create(dir: string, workspace = process.cwd()): ScanCache | { refused: string } {
    const problem = openCacheDir(dir, workspace);
    if (problem) return { refused: problem };
    return new ScanCache({ dir: path.resolve(dir), secret: cacheSecret(), salt: engineFingerprint() });
  }

  /** `config` is the file's effective configuration (its nearest paved-road.json applied). */
  keyFor(file: string, text: string, config: AnalysisConfig): string {
    return timed('hash', () => this.key(file, text, config));
  }

  private key(file: string, text: string, config: AnalysisConfig): string {
    return crypto
      .createHash('sha256')
      .update(FORMAT)
      .update('\0')
      .update(this.salt)
      .update('\0')
      .update(canonicalJson(this.keyMaterial(config)))
      .update('\0')
      .update(file)
      .update('\0')
      .update(text)
      .digest('hex');
  }

  /**
   * Each imported module's summary by the SHA-256 of its canonical JSON, computed once per summary
   * object (a scan's project index hands every importer the same object; nothing mutates a summary
   * once it is computed or read). Serialising every imported summary again for each importing file
   * was two fifths of a warm re-scan's main-thread time.
   */
  private readonly summaryDigests = new WeakMap<object, string>();

  private digestOf(summary: object): string {
    let digest = this.summaryDigests.get(summary);
    if (digest === undefined) {
      digest = crypto.createHash('sha256').update(canonicalJson(summary)).digest('hex');
      this.summaryDigests.set(summary, digest);
    }
    return digest;
  }

  /**
   * What of `config` goes into a key: the configuration itself, an imported summary replaced by
   * `{ "#sha256": digest }` (a real summary always has `exports` and `imports`, so the two forms
   * never meet). The key still changes with every byte of every summary the analysis is given.
   */
  private keyMaterial(config: AnalysisConfig): AnalysisConfig {
    if (!config.imports) return config;
    const imports: Record<string, unknown> = {};
    for (const [spec, imported] of Object.entries(config.imports))
      imports[spec] = imported?.summary
        ? { ...imported, summary: { '#sha256': this.digestOf(imported.summary) } }
        : imported;
    return { ...config, imports } as AnalysisConfig;
  }

  /** The key of the verified fixes of the file whose analysis `keyFor` keys (cli/fix.ts). */
  verifiedKeyFor(file: string, text: string, config: AnalysisConfig): string {
    return crypto
      .createHash('sha256')
      .update(this.keyFor(file, text, config))
      .update('\0verified-fixes')
      .digest('hex');
  }

  private entryPath(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  private mac(key: string, payload: string): string {
    return crypto.createHmac('sha256', this.secret).update(key).update('\n').update(payload).digest('hex');
  }

  /** The payload of an entry's raw text when its MAC verifies under this cache's secret for `key`. */
  private authentic(key: string, raw: string): string | undefined {
    const newline = raw.indexOf('\n');
    if (newline < 0) return undefined;
    const mac = raw.slice(0, newline);
    const payload = raw.slice(newline + 1);
    const expected = this.mac(key, payload);
    return /^[0-9a-f]{64}$/.test(mac) && crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected))
      ? payload
      : undefined;
  }

  /** Shard folders found to be real folders of ours by this cache (each lstat'ed once per scan, not once per entry). */
  private readonly checkedShards = new Set<string>();

  private ownShard(dir: string): boolean {
    if (this.checkedShards.has(dir)) return true;
    if (!isOwnFolder(dir)) return false;
    this.checkedShards.add(dir);
    return true;
  }

  /** The cached result for this key, or undefined when absent or not trustworthy. */
  get(key: string, textLength: number): AnalysisResult | undefined {
    return timed('cache read', () => this.read(key, textLength));
  }

  private read(key: string, textLength: number): AnalysisResult | undefined {
    const entry = this.entryPath(key);
    // A hit marks the entry as used (readBounded's `touch`), so pruning keeps what scans still need.
    const raw = this.ownShard(path.dirname(entry)) ? readBounded(entry, true) : undefined;
    if (raw === undefined) {
      this.misses++;
      return undefined;
    }
    const payload = this.authentic(key, raw);
    let result: AnalysisResult | undefined;
    if (payload !== undefined) {
      try {
        result = JSON.parse(payload) as AnalysisResult;
      } catch {
        result = undefined;
      }
    }
    if (!result || !wellFormed(result, textLength)) {
      this.rejected++;
      this.misses++;
      return undefined;
    }
    this.hits++;
    return result;
  }

  /**
   * Keeps the cache from growing forever: every edit of a file leaves its old entry behind, and a
   * new engine version orphans all of them. Removes entries (and leftover temporary files) that no
   * scan used for `maxAgeMs`, then the least recently used until the folder is within `maxBytes`.
   * Only files this cache wrote are touched: a regular file (lstat: never a link) named
   * `xx/<sha-256>.json` or `xx/<sha-256>.json.<pid>.<hex>.tmp`, in a shard folder of ours, whose
   * MAC verifies under this cache's secret. Anything else, however it is named, is left alone
   * (a torn temporary file of a crashed writer stays too: it cannot be told from a stranger's).
   */
  prune(options: PruneOptions = {}): { removed: number; kept: number; bytes: number } {
    const now = options.now ?? Date.now();
    const maxAge = options.maxAgeMs ?? DEFAULT_CACHE_MAX_AGE_DAYS * 24 * 3600 * 1000;
    const maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_MB * 1024 * 1024;
    const entries: { file: string; key: string; size: number; used: number }[] = [];
    let removed = 0;
    /** Deletes `file` only if it is (still) a regular file whose MAC for `key` verifies. */
    const remove = (file: string, key: string): boolean => {
      const raw = readBounded(file);
      if (raw === undefined || this.authentic(key, raw) === undefined) return false;
      try {
        fs.rmSync(file, { force: true });
        removed++;
        return true;
      } catch {
        return false;
      }
    };
    if (!isOwnFolder(this.dir)) return { removed: 0, kept: 0, bytes: 0 };
    let shards: string[];
    try {
      shards = fs.readdirSync(this.dir).filter((d) => /^[0-9a-f]{2}$/.test(d));
    } catch {
      return { removed: 0, kept: 0, bytes: 0 };
    }
    for (const shard of shards) {
      const folder = path.join(this.dir, shard);
      if (!isOwnFolder(folder)) continue;
      let names: string[];
      try {
        names = fs.readdirSync(folder);
      } catch {
        continue;
      }
      for (const name of names) {
        const m = /^([0-9a-f]{64})\.json(\.\d+\.[0-9a-f]{8}\.tmp)?$/.exec(name);
        if (!m || !m[1].startsWith(shard)) continue;
        const file = path.join(folder, name);
        let stat: fs.Stats;
        try {
          stat = fs.lstatSync(file);
        } catch {
          continue;
        }
        if (!stat.isFile()) continue;
        // A temporary file older than a minute is a crashed writer's leftover.
        if (m[2]) {
          if (now - stat.mtimeMs > 60_000) remove(file, m[1]);
          continue;
        }
        if (now - stat.mtimeMs > maxAge && remove(file, m[1])) continue;
        entries.push({ file, key: m[1], size: stat.size, used: stat.mtimeMs });
      }
    }
    let bytes = entries.reduce((n, e) => n + e.size, 0);
    let kept = entries.length;
    if (bytes > maxBytes) {
      entries.sort((a, b) => a.used - b.used);
      for (const e of entries) {
        if (bytes <= maxBytes) break;
        if (!remove(e.file, e.key)) continue;
        bytes -= e.size;
        kept--;
      }
    }
    return { removed, kept, bytes };
  }

  /** Stores `result` for `key`; `text` (the file's) tells which secrets its credential findings point at. */
  set(key: string, result: AnalysisResult, text?: string): void {
    timed('cache write', () => this.write(key, result, text));
  }

  private write(key: string, result: AnalysisResult, text?: string): void {
    // Timing-dependent outcomes (a rule stopped by its time budget) are not facts about the file.
    if (result.notes.some((n) => n.kind === 'skipped' && n.ruleId)) return;
    // A cache file is output too (a CI cache is uploaded, a folder committed). It holds no free
    // text of the file: a result with a suppression (whose justification may quote any secret,
    // of this file or another) is recomputed rather than stored, and the rest goes through the
    // one masking pass.
    if (result.suppressed?.length) return;
    const mask = new SecretMask().addFindings(text, result.findings);
    const payload = JSON.stringify(maskResultText(result, mask));
    const target = this.entryPath(key);
    const shard = path.dirname(target);
    const temp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    // The shard folder: created here (never through a link), or an existing one of ours.
    try {
      fs.mkdirSync(shard, { mode: 0o700 });
    } catch {
      /* exists (checked next) or cannot be made */
    }
    if (!isOwnFolder(shard)) return;
    let fd: number | undefined;
    let created = false;
    try {
      // A fresh file that no link can redirect: O_EXCL fails on anything already there, link or not.
      fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW, 0o600);
      created = true;
      fs.writeFileSync(fd, `${this.mac(key, payload)}\n${payload}`);
      fs.closeSync(fd);
      fd = undefined;
      fs.renameSync(temp, target); // atomic: a reader never sees half an entry; a link named like the entry is replaced, not followed
    } catch {
      if (fd !== undefined) fs.closeSync(fd);
      if (created) fs.rmSync(temp, { force: true }); // ours: O_EXCL made it
    }
  }
}

/** A result's shape, and spans that fit in the file it claims to describe. */
function wellFormed(result: AnalysisResult, textLength: number): boolean {
  if (!result || typeof result !== 'object' || !Array.isArray(result.findings) || !Array.isArray(result.notes))
    return false;
  const spanOk = (s: unknown): boolean => {
    const span = s as { start?: unknown; end?: unknown } | undefined;
    return (
      !!span &&
      Number.isInteger(span.start) &&
      Number.isInteger(span.end) &&
      (span.start as number) >= 0 &&
      (span.start as number) <= (span.end as number) &&
      (span.end as number) <= textLength
    );
  };
  for (const f of result.findings) {
    if (
      !f ||
      typeof f.ruleId !== 'string' ||
      typeof f.message !== 'string' ||
      !['error', 'warning', 'info'].includes(f.severity) ||
      !spanOk(f.span)
    )
      return false;
    if (f.steps && (!Array.isArray(f.steps) || !f.steps.every((s) => spanOk(s.span)))) return false;
    if (
      f.fixes &&
      (!Array.isArray(f.fixes) ||
        !f.fixes.every(
          (x) =>
            Array.isArray(x.edits) &&
            x.edits.every((e) => typeof e.newText === 'string' && (e.file !== undefined || spanOk(e.span))),
        ))
    )
      return false;
  }
  if (
    result.suppressed !== undefined &&
    (!Array.isArray(result.suppressed) || !result.suppressed.every((x) => x && x.finding && spanOk(x.finding.span)))
  )
    return false;
  if (
    result.routes !== undefined &&
    (!Array.isArray(result.routes) ||
      !result.routes.every(
        (r) => r && spanOk(r.span) && typeof r.method === 'string' && r.controls && typeof r.controls === 'object',
      ))
  )
    return false;
  return result.notes.every((n) => n && typeof n.kind === 'string' && typeof n.message === 'string');
}

/** JSON with sorted keys, so equal configurations give equal keys. */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (v instanceof RegExp) return `/${v.source}/${v.flags}`;
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        return Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        );
      }
      return v;
    }) ?? 'undefined'
  );
}

let fingerprint: string | undefined;

/**
 * What produced a result: the package version, the injected test faults, and the code itself
 * (the running bundle, or every compiled engine and rule file when running from `out/`), so a
 * rebuilt engine never reuses an older engine's results even at the same version.
 */
export function engineFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = crypto.createHash('sha256');
  const root = packageRoot();
  try {
    hash.update(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version as string);
  } catch {
    /* the code hash below still separates engines */
  }
  hash.update('\0').update(process.env.PAVED_ROAD_TEST_FAULTS ?? '');
  const files: string[] = [];
  if (path.basename(path.dirname(__filename)) === 'dist') {
    files.push(__filename); // a bundle: the engine and every rule are in this one file
  } else {
    const compiled = path.resolve(__dirname, '..', '..'); // out/
    for (const sub of ['server', 'rules']) collectJs(path.join(compiled, sub), files);
    files.sort();
  }
  for (const file of files) {
    hash.update('\0').update(path.relative(root, file)).update('\0');
    try {
      hash.update(fs.readFileSync(file));
    } catch {
      /* gone: the name alone still counts */
    }
  }
  return (fingerprint = hash.digest('hex'));
}

function collectJs(dir: string, out: string[]): void {
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const abs = path.join(current, e.name);
      if (e.isDirectory()) stack.push(abs);
      else if (e.isFile() && e.name.endsWith('.js')) out.push(abs);
    }
  }
}

/** The HMAC key: from the environment, or a per-user random key outside any workspace. */
export function cacheSecret(): Buffer {
  const fromEnv = process.env.PAVED_ROAD_CACHE_SECRET;
  if (fromEnv) return crypto.createHash('sha256').update(fromEnv).digest();
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const file = path.join(base, 'paved-road', 'cache-secret');
  try {
    const existing = fs.readFileSync(file);
    if (existing.length >= 32) return existing;
  } catch {
    /* create it below */
  }
  const secret = crypto.randomBytes(32);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    // Someone else created it first (read theirs), or the folder is read-only (then this run's
    // entries are only trusted by this run).
    try {
      const existing = fs.readFileSync(file);
      if (existing.length >= 32) return existing;
    } catch {
      /* fall through */
    }
    return secret;
  }
}
