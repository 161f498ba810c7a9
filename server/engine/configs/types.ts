// Config documents (.env, JSON, YAML): what a credential rule needs from them is every string value
// with the key path that names it and its exact place in the text. One small, bounded reader per
// kind produces this flat list; no reader ever evaluates anything (no anchors expanded, no
// interpolation, no includes), and none fails: a broken file yields the values read before the break.

import type { Span } from '../types';

/** `keyfile`: a private-key or secret file (`.pem`, `.key`, `.p8`, `id_rsa`), read whole as one value. */
export type ConfigKind = 'env' | 'json' | 'yaml' | 'keyfile';

export interface ConfigEntry {
  /** Keys from the document root to the value; a sequence item is its index (`'0'`). */
  path: string[];
  /** The name the value is given: the last mapping key, `KEY` of a `KEY=VALUE` item, a Kubernetes env `name`. '' when none. */
  key: string;
  /** The value as the program that reads the file sees it (quotes removed, escapes decoded). */
  value: string;
  /** The value as written, quotes included: what a finding marks and every front door masks. */
  span: Span;
  /** How the value is written, for fixes that rewrite it. */
  style: 'plain' | 'double' | 'single' | 'block' | 'number';
  /** Other keys of the same mapping (context such as a Firebase web config). */
  siblings: string[];
  /** `KEY=VALUE` written as one string inside a sequence (docker-compose `environment:` list form). */
  assignment?: boolean;
  /** Inside a YAML flow collection (`[a, b]`), where `{`, `}` and `,` would end a plain value. */
  flow?: boolean;
}

export interface ConfigDocument {
  kind: ConfigKind;
  entries: ConfigEntry[];
}

/** At most this many values are read from one document (a note says when more were left). */
export const MAX_CONFIG_ENTRIES = 20_000;
