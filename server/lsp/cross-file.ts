// Edits a fix makes in another file than the analysed one (e.g. `NAME=` in `.env.example`). The
// engine cannot read the file system, so the server resolves where that file is and where the
// line goes: an `appendLine` edit targets the nearest such file from the document's folder up to
// its workspace folder (created at the workspace folder when there is none), is placed at the
// file's end, and is dropped when the file already has that line.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Range } from 'vscode-languageserver/node';
import type { TextEdit } from '../engine/types';

export interface ResolvedEdit {
  uri: string;
  range: Range;
  newText: string;
  /** The file does not exist yet: the workspace edit must create it first. */
  create?: boolean;
}

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function resolveCrossFileEdit(
  documentPath: string,
  edit: TextEdit,
  workspaceFolders: readonly string[],
): ResolvedEdit | undefined {
  const dir = path.dirname(documentPath);
  if (!edit.file) return undefined;
  if (!edit.appendLine || path.isAbsolute(edit.file)) {
    return { uri: pathToFileURL(path.resolve(dir, edit.file)).href, range: ORIGIN, newText: edit.newText };
  }
  const roots = workspaceFolders.map((f) => (f.startsWith('file:') ? fileURLToPath(f) : f));
  const root = roots.filter((r) => documentPath.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0];
  let target: string | undefined;
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, edit.file);
    if (fs.existsSync(candidate)) {
      target = candidate;
      break;
    }
    if (current === root || path.dirname(current) === current || (root === undefined && current !== dir)) break;
  }
  const line = edit.newText.replace(/\n$/, '');
  if (!target)
    return {
      uri: pathToFileURL(path.join(root ?? dir, edit.file)).href,
      range: ORIGIN,
      newText: `${line}\n`,
      create: true,
    };
  let text: string;
  try {
    text = fs.readFileSync(target, 'utf8');
  } catch {
    return undefined;
  }
  const name = line.split('=')[0];
  if (text.split(/\r?\n/).some((l) => l === line || (name && l.startsWith(`${name}=`)))) return undefined;
  const lines = text.split('\n');
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return {
    uri: pathToFileURL(target).href,
    range: { start: end, end },
    newText: `${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`,
  };
}
