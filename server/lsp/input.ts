// What the editor relays is checked before the server acts on it. Document URIs and texts come from
// whatever client (or extension, or proxy) is on the other end of the pipe: a `file://host/share/…`
// URI (a UNC path, which has no meaning on POSIX), `text: null` or a version that is not a number
// must be answered as bad input, never crash the server into a restart loop (the client gives up
// after 4 restarts and the editor silently stops protecting). Notifications have no reply in LSP,
// so a refused notification is logged as an error (window/logMessage) and ignored; a request with
// bad parameters gets an InvalidParams error.

import { fileURLToPath } from 'node:url';
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';

/** Longest URI accepted: far above any real path, far below what could hurt. */
const MAX_URI_LENGTH = 8192;

/** Why `uri` is not a document URI this server can use, or undefined when it is. */
export function uriProblem(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return `the URI is ${uri === null ? 'null' : typeof uri}, not a string`;
  if (uri.length === 0 || uri.length > MAX_URI_LENGTH) return `the URI is ${uri.length} characters long`;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'the URI does not parse';
  }
  if (url.protocol === 'file:') {
    let file: string;
    try {
      file = fileURLToPath(url);
    } catch (error) {
      return `the file URI names no local path (${error instanceof Error ? error.message : String(error)})`;
    }
    if (file.includes('\0')) return 'the file URI holds a NUL character';
  }
  return undefined;
}

function positionProblem(p: unknown, what: string): string | undefined {
  const pos = p as { line?: unknown; character?: unknown } | null | undefined;
  if (!pos || typeof pos !== 'object') return `${what} is missing`;
  if (!isUInteger(pos.line) || !isUInteger(pos.character))
    return `${what} is not a line and character (non-negative integers)`;
  return undefined;
}

function rangeProblem(r: unknown, what: string): string | undefined {
  const range = r as { start?: unknown; end?: unknown } | null | undefined;
  if (!range || typeof range !== 'object') return `${what} is missing`;
  return positionProblem(range.start, `${what}.start`) ?? positionProblem(range.end, `${what}.end`);
}

function isUInteger(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function isInteger(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

interface TextDocumentParams {
  textDocument?: { uri?: unknown; languageId?: unknown; version?: unknown; text?: unknown };
}

/** textDocument/didOpen: a usable URI, a language id, an integer version and the text as a string. */
export function didOpenProblem(params: unknown): string | undefined {
  const td = (params as TextDocumentParams | null)?.textDocument;
  if (!td || typeof td !== 'object') return 'textDocument is missing';
  return (
    uriProblem(td.uri) ??
    (typeof td.languageId !== 'string' ? 'languageId is not a string' : undefined) ??
    (!isInteger(td.version) ? 'version is not an integer' : undefined) ??
    (typeof td.text !== 'string' ? `text is ${td.text === null ? 'null' : typeof td.text}, not a string` : undefined)
  );
}

/** textDocument/didChange: a usable URI, an integer version, and each change a text (with a well-formed range if any). */
export function didChangeProblem(params: unknown): string | undefined {
  const p = params as (TextDocumentParams & { contentChanges?: unknown }) | null;
  const td = p?.textDocument;
  if (!td || typeof td !== 'object') return 'textDocument is missing';
  const problem = uriProblem(td.uri) ?? (!isInteger(td.version) ? 'version is not an integer' : undefined);
  if (problem) return problem;
  if (!Array.isArray(p!.contentChanges)) return 'contentChanges is not an array';
  for (const [i, change] of p!.contentChanges.entries()) {
    const c = change as { text?: unknown; range?: unknown } | null;
    if (!c || typeof c !== 'object' || typeof c.text !== 'string') return `contentChanges[${i}].text is not a string`;
    if (c.range !== undefined) {
      const bad = rangeProblem(c.range, `contentChanges[${i}].range`);
      if (bad) return bad;
    }
  }
  return undefined;
}

/** Any other notification or request about a document: its URI must be a usable one. */
export function documentProblem(params: unknown): string | undefined {
  const td = (params as TextDocumentParams | null)?.textDocument;
  if (!td || typeof td !== 'object') return 'textDocument is missing';
  return uriProblem(td.uri);
}

/** textDocument/hover and friends: a usable URI and a position. */
export function positionRequestProblem(params: unknown): string | undefined {
  return documentProblem(params) ?? positionProblem((params as { position?: unknown }).position, 'position');
}

/** textDocument/codeAction: a usable URI, a range and a list of diagnostics. */
export function codeActionProblem(params: unknown): string | undefined {
  const p = params as { range?: unknown; context?: { diagnostics?: unknown } };
  return (
    documentProblem(params) ??
    rangeProblem(p.range, 'range') ??
    (!p.context || !Array.isArray(p.context.diagnostics) ? 'context.diagnostics is not an array' : undefined)
  );
}

/** The error a request with bad parameters is answered with. */
export function invalidParams(method: string, problem: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `paved-road: ${method} refused: ${problem}`);
}

/** A string short enough to log: a refused URI is shown, but never more than 200 characters of it. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 200 ? `${text.slice(0, 200)}…(${text.length} chars)` : text;
}

/**
 * The connection as TextDocuments sees it: its document notifications pass only when well formed;
 * anything else is logged as an error and dropped. Everything else is the real connection.
 */
export function guardedDocumentSync(connection: Connection): Connection {
  const refuse = (method: string, problem: string, params: unknown): void => {
    const uri = (params as TextDocumentParams | null)?.textDocument?.uri;
    connection.console.error(
      `paved-road: ${method} refused: ${problem}${uri !== undefined ? ` (uri ${shown(uri)})` : ''}`,
    );
  };
  const guard =
    <P>(
      method: string,
      check: (p: unknown) => string | undefined,
      register: (handler: (p: P) => void) => { dispose(): void },
    ) =>
    (handler: (p: P) => void) =>
      register((params: P) => {
        const problem = check(params);
        if (problem) return refuse(method, problem, params);
        return handler(params);
      });
  const guarded = Object.create(connection) as Connection;
  Object.assign(guarded, {
    onDidOpenTextDocument: guard('textDocument/didOpen', didOpenProblem, (h) => connection.onDidOpenTextDocument(h)),
    onDidChangeTextDocument: guard('textDocument/didChange', didChangeProblem, (h) =>
      connection.onDidChangeTextDocument(h),
    ),
    onDidCloseTextDocument: guard('textDocument/didClose', documentProblem, (h) =>
      connection.onDidCloseTextDocument(h),
    ),
    onWillSaveTextDocument: guard('textDocument/willSave', documentProblem, (h) =>
      connection.onWillSaveTextDocument(h),
    ),
    onDidSaveTextDocument: guard('textDocument/didSave', documentProblem, (h) => connection.onDidSaveTextDocument(h)),
    onWillSaveTextDocumentWaitUntil: (handler: Parameters<Connection['onWillSaveTextDocumentWaitUntil']>[0]) =>
      connection.onWillSaveTextDocumentWaitUntil((params, token) => {
        const problem = documentProblem(params);
        if (problem) throw invalidParams('textDocument/willSaveWaitUntil', problem);
        return handler(params, token);
      }),
  });
  return guarded;
}
