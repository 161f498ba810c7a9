// Which files are config documents, and reading them. Lock files, source maps and tool manifests
// are data no person writes secrets into; they are not config documents (never read, never flagged).

import type { Note } from '../types';
import { looksBinary } from '../coverage';
import { readEnv } from './env';
import { readJson } from './json';
import { readYaml } from './yaml';
import { MAX_CONFIG_ENTRIES, type ConfigDocument, type ConfigKind } from './types';

export type { ConfigDocument, ConfigEntry, ConfigKind } from './types';

/** Generated or tool-owned files that hold hashes, versions and paths, never secrets. */
const NOT_CONFIG =
  /^(?:package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.ya?ml|yarn\.lock|composer\.lock|bun\.lockb?|deno\.lock|[jt]sconfig(?:\..*)?\.json|.*\.tsbuildinfo|.*\.map|.*\.schema\.json|(?:.*[-.])?lock\.json)$/i;

/** Files that hold a key: PEM and PKCS#8 files, `.key` files, SSH private keys by their default names. */
const KEY_FILE = /^(?:.+\.(?:pem|key|p8)|id_(?:rsa|dsa|ecdsa|ed25519))$/i;

const BY_LANGUAGE: Record<string, ConfigKind> = {
  dotenv: 'env',
  json: 'json',
  jsonc: 'json',
  yaml: 'yaml',
  dockercompose: 'yaml',
  'github-actions-workflow': 'yaml',
};

export function configKindOf(file: string, languageId?: string): ConfigKind | undefined {
  const name = file.replace(/\\/g, '/').split('/').pop() ?? '';
  if (NOT_CONFIG.test(name)) return undefined;
  if (/^\.env(?:\..+)?$/i.test(name) || /\.env$/i.test(name)) return 'env';
  if (/\.jsonc?$/i.test(name)) return 'json';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (KEY_FILE.test(name)) return 'keyfile';
  // An editor may know a file's language by its content or a user association (untitled documents too).
  return languageId && !/\.[cm]?[jt]sx?$/i.test(name) ? BY_LANGUAGE[languageId] : undefined;
}

export function readConfig(kind: ConfigKind, text: string): { config: ConfigDocument; notes: Note[] } {
  const notes: Note[] = [];
  if (looksBinary(text)) {
    notes.push({ kind: 'skipped', message: 'binary content in a config file; not analysed' });
    return { config: { kind, entries: [] }, notes };
  }
  try {
    const read: {
      entries: ConfigDocument['entries'];
      truncated: boolean;
      error?: { offset: number; message: string };
    } =
      kind === 'env'
        ? readEnv(text)
        : kind === 'json'
          ? readJson(text)
          : kind === 'keyfile'
            ? readKeyFile(text)
            : readYaml(text);
    if (read.error) {
      // The values around the error are still read; the note says the file is not what its reader expects.
      const at = Math.min(read.error.offset, text.length);
      notes.push({
        kind: 'parse-error',
        message: `${read.error.message}; values after it may be missed`,
        span: { start: at, end: Math.min(text.length, at + 1) },
      });
    }
    if (read.truncated)
      notes.push({
        kind: 'skipped',
        message: `more than ${MAX_CONFIG_ENTRIES} values in this file; only the first ${MAX_CONFIG_ENTRIES} were analysed`,
      });
    return { config: { kind, entries: read.entries }, notes };
  } catch (error) {
    // The parsers recurse on nesting; absurd nesting is not a config a person maintains.
    if (error instanceof RangeError) {
      notes.push({ kind: 'skipped', message: 'nesting too deep to read; file not analysed' });
      return { config: { kind, entries: [] }, notes };
    }
    notes.push({ kind: 'parse-error', message: `could not read this ${kind} file: ${(error as Error).message}` });
    return { config: { kind, entries: [] }, notes };
  }
}

/** A key file is one value: its text without the surrounding white space. */
function readKeyFile(text: string): { entries: ConfigDocument['entries']; truncated: boolean } {
  const start = text.length - text.trimStart().length;
  const value = text.trim();
  if (!value) return { entries: [], truncated: false };
  return {
    entries: [{ path: [], key: '', value, span: { start, end: start + value.length }, style: 'block', siblings: [] }],
    truncated: false,
  };
}
