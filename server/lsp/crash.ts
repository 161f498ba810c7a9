// Crash handling for the language server. An uncaught exception or unhandled rejection leaves the
// server in an unknown state, so it logs a report and exits non-zero; the editor's client
// (vscode-languageclient restarts a server that exits, up to 4 times in 3 minutes) starts a fresh one.
// The report holds what reproduces the crash — what the server was doing, the document's URI,
// version, language, size and SHA-256, the stack — and never the document's text, which may
// hold secrets.

import { createHash } from 'node:crypto';

export interface Activity {
  what: string;
  uri?: string;
  version?: number;
  languageId?: string;
  text?: string;
}

let current: Activity | undefined;

/** Record what the server is doing; the last activity is named in a crash report. */
export function setActivity(activity: Activity | undefined): void {
  current = activity;
}

export function describeActivity(a: Activity | undefined): string {
  if (!a) return 'idle';
  const parts = [a.what];
  if (a.uri) parts.push(a.uri);
  if (a.version !== undefined) parts.push(`version ${a.version}`);
  if (a.languageId) parts.push(`(${a.languageId})`);
  if (a.text !== undefined)
    parts.push(`${Buffer.byteLength(a.text)} bytes, sha256 ${createHash('sha256').update(a.text).digest('hex')}`);
  return parts.join(' ');
}

export function crashReport(error: unknown, origin: string, serverVersion: string): string {
  const stack =
    error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : `non-Error thrown: ${String(error)}`;
  return [
    `paved-road-server crashed (${origin}); exiting so the client restarts it.`,
    `  while: ${describeActivity(current)}`,
    `  server: paved-road ${serverVersion}, node ${process.version}, ${process.platform} ${process.arch}`,
    `  stack: ${stack.split('\n').join('\n    ')}`,
    `  to reproduce: open that document at that version (the hash identifies its exact text) or run \`paved-road scan <file>\`; please report it (SECURITY.md if it is a security problem).`,
  ].join('\n');
}

let installed = false;

/** Log any uncaught exception or unhandled rejection, then exit non-zero. */
export function installCrashHandlers(
  serverVersion: () => string,
  write: (s: string) => void = (s) => process.stderr.write(s + '\n'),
): void {
  if (installed) return;
  installed = true;
  let crashing = false;
  const crash = (error: unknown, origin: string): void => {
    if (crashing) return;
    crashing = true;
    let version = 'unknown';
    try {
      version = serverVersion();
    } catch {
      /* the report matters more */
    }
    try {
      write(crashReport(error, origin, version));
    } finally {
      process.exit(70);
    } // EX_SOFTWARE
  };
  process.on('uncaughtException', (error, origin) => crash(error, origin));
  process.on('unhandledRejection', (reason) => crash(reason, 'unhandledRejection'));
}
