// Outside data: what Facts.outsideSource reports, with a typed kind, and the names it knows.

import type { Node } from './ast';

/**
 * What kind of outside data a source is, as a field (never read from the prose of `description`):
 * `request` a field of a route handler's request (`req.query`), `browser` a browser source
 * (`location.search`), `message` postMessage data of a window `message` listener, `parameter` a
 * function parameter whose callers are unknown (weaker evidence: medium confidence).
 */
export type SourceKind = 'request' | 'browser' | 'message' | 'parameter';

export interface OutsideSource {
  kind: SourceKind;
  /** For messages: e.g. "req.query", "parameter `id`", "location.search" */
  description: string;
  node: Node;
  /** Where the data comes from before `node`, for data-flow steps (a `message` listener's registration). */
  via?: { node: Node; message: string };
}

/** Fields of a request (or of a browser source) that carry what the client sent. */
export const REQUEST_FIELDS = new Set([
  'query',
  'params',
  'body',
  'cookies',
  'signedCookies',
  'headers',
  'header',
  'get',
  'param',
  'files',
  'file',
  'url',
  'originalUrl',
  'path',
  'hostname',
  'ip',
  'request',
  'search',
  'hash',
  'href',
  'pathname',
  'referrer',
  'cookie',
  'URL',
  'data',
  'name',
  'payload', // hapi's request body
]);
/** Browser globals whose fields carry what the URL or the page holds. */
export const BROWSER_SOURCES = new Set(['location', 'document', 'window']);
