// Never echo a secret. Every front door (CLI text/JSON/SARIF/HTML, LSP diagnostics, hovers, logs)
// passes what it prints through these helpers: a credential finding's own span is masked wherever
// source text is shown, and any known-format token left in free text is masked too.
// A masked secret keeps a short public prefix and its length: `sk_live_…(32 chars)`.

import { findTokens } from './secret-formats';
import type { Finding, Span } from './types';

/** How much of an unknown secret may be shown: at most 4 characters, and never more than a quarter. */
function defaultPrefix(secret: string): string {
  return secret.slice(0, Math.min(4, Math.floor(secret.length / 4)));
}

/** `ghp_…(40 chars)`: the format's public prefix (or a short one) and the length. */
export function maskSecret(secret: string, prefix?: string): string {
  const shown =
    prefix !== undefined && prefix.length <= 12 && secret.startsWith(prefix) ? prefix : defaultPrefix(secret);
  return `${shown}…(${secret.length} chars)`;
}

/** Mask every known-format token in a piece of free text (messages, hovers, log lines). */
export function redactSecrets(text: string): string {
  const tokens = findTokens(text);
  if (tokens.length === 0) return text;
  let out = '';
  let at = 0;
  for (const t of tokens) {
    out += text.slice(at, t.index) + maskSecret(t.token, t.format.prefix(t.token));
    at = t.index + t.token.length;
  }
  return out + text.slice(at);
}

/** The spans of a document that hold secrets, from its findings: a credential finding's span is its secret. */
export function secretSpans(findings: readonly Finding[]): Span[] {
  return findings.filter((f) => f.ruleId.startsWith('cred/')).map((f) => f.span);
}

/** Every secret span of a scanned file: its reported, suppressed and baselined credential findings (all shown around other findings). */
export function fileSecretSpans(file: {
  findings: readonly Finding[];
  suppressed?: readonly { finding: Finding }[];
  baselined?: readonly Finding[];
}): Span[] {
  return secretSpans([...file.findings, ...(file.suppressed ?? []).map((s) => s.finding), ...(file.baselined ?? [])]);
}

/**
 * `text` (which starts at offset `base` of the document) with every secret span masked, the quotes
 * around a string literal kept; known-format tokens elsewhere in it are masked as well.
 */
export function maskSpans(text: string, spans: readonly Span[], base = 0): string {
  const inside = spans
    .map((s) => ({ start: Math.max(s.start - base, 0), end: Math.min(s.end - base, text.length) }))
    .filter((s) => s.start < s.end)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of inside) {
    if (s.start < at) continue;
    const secret = text.slice(s.start, s.end);
    const quote = /^(['"`])/.exec(secret)?.[1];
    const body =
      quote && secret.endsWith(quote) && secret.length > 1 ? secret.slice(1, -1) : quote ? secret.slice(1) : secret;
    const masked = quote
      ? `${quote}${maskSecret(body, findTokens(body)[0]?.format.prefix(body))}${secret.endsWith(quote) && secret.length > 1 ? quote : ''}`
      : maskSecret(body);
    out += redactSecrets(text.slice(at, s.start)) + masked;
    at = s.end;
  }
  return out + redactSecrets(text.slice(at));
}

/**
 * A value masked wherever it appears must be at least this long: shorter credential values
 * (`admin`, `r3d1s`) are ordinary words too often to be replaced in every message and path; they
 * are masked where source is shown (by span, maskSpans), which is where they appear.
 */
export const MIN_LITERAL_SECRET = 8;

/** Default passwords (`changeme`, `password`) are public words, not secrets to hunt in every string: masked by span only. */
const SPAN_ONLY_RULES = new Set(['cred/default-password']);

/** The unquoted text of a secret span (what a credential finding points at). */
function secretValue(text: string, span: Span): string {
  const raw = text.slice(span.start, span.end);
  const quote = /^(['"`])/.exec(raw)?.[1];
  return quote && raw.endsWith(quote) && raw.length > 1 ? raw.slice(1, -1) : raw;
}

/**
 * The one masking pass over every string that leaves the process (CLI stdout, stderr and report
 * files, the cache's files, the language server's diagnostics, hovers, posture and log): the
 * values of this run's credential findings (reported or suppressed) are masked wherever they
 * appear — a justification, a neighbouring line, a diff, a message — as themselves and in the
 * output's own escaping (JSON, HTML), and every known-format token is masked whether found or not.
 */
export class SecretMask {
  private readonly values = new Set<string>();
  private compiled?: { pattern: RegExp; replacements: Map<string, string>; encode?: (s: string) => string };

  /** The secrets `findings` point at in `text`. */
  addFindings(text: string | undefined, findings: readonly Finding[]): this {
    if (text === undefined) return this;
    for (const f of findings) {
      if (!f.ruleId.startsWith('cred/') || SPAN_ONLY_RULES.has(f.ruleId)) continue;
      this.add(secretValue(text, f.span));
    }
    return this;
  }

  add(value: string): this {
    // A multi-line value (a PEM block) is masked line by line: outputs show it a line at a time.
    for (const part of value.split(/\r?\n/)) {
      const trimmed = part.trim();
      if (trimmed.length >= MIN_LITERAL_SECRET && !this.values.has(trimmed)) {
        this.values.add(trimmed);
        this.compiled = undefined;
      }
    }
    return this;
  }

  /** Every value of `other` as well (the editor's posture covers all open documents). */
  merge(other: SecretMask): this {
    for (const v of other.values) this.add(v);
    return this;
  }

  /**
   * `text` with every secret masked. `encode` is the output's escaping (a JSON string body, HTML
   * text): a secret is found in that form too, and its mask is written in that form.
   */
  apply(text: string, encode?: (s: string) => string): string {
    if (this.values.size > 0) {
      if (!this.compiled || this.compiled.encode !== encode) this.compiled = this.compile(encode);
      const { pattern, replacements } = this.compiled;
      text = text.replace(pattern, (m) => replacements.get(m) ?? m);
    }
    return redactSecrets(text);
  }

  /** A copy of `value` (plain data: a posture, a response) with every string in it masked. */
  applyDeep<T>(value: T): T {
    if (typeof value === 'string') return this.apply(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.applyDeep(v)) as T;
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.applyDeep(v)])) as T;
    return value;
  }

  private compile(encode?: (s: string) => string): NonNullable<SecretMask['compiled']> {
    const replacements = new Map<string, string>();
    for (const value of this.values) {
      const masked = maskSecret(value, findTokens(value)[0]?.format.prefix(value));
      replacements.set(value, masked);
      if (encode) {
        const encoded = encode(value);
        if (!replacements.has(encoded)) replacements.set(encoded, encode(masked));
      }
    }
    // Longest first, so a secret that contains another is masked whole.
    const alternatives = [...replacements.keys()]
      .sort((a, b) => b.length - a.length)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return { pattern: new RegExp(alternatives.join('|'), 'g'), replacements, encode };
  }
}

/** A JSON string's body for `s` (what JSON.stringify writes between the quotes). */
export function jsonStringBody(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/**
 * A result as it may be stored or sent (the scan cache, the language server): its messages,
 * steps, notes, suppression justifications and fix titles masked. Fix edits are code, applied to
 * the file that already holds the secret, and are left as they are.
 */
export function maskResultText<
  T extends {
    findings: Finding[];
    notes: { message: string }[];
    suppressed?: { finding: Finding; suppression: { reason: string } }[];
  },
>(result: T, mask: SecretMask): T {
  const finding = (f: Finding): Finding => ({
    ...f,
    message: mask.apply(f.message),
    ...(f.steps ? { steps: f.steps.map((s) => ({ ...s, message: mask.apply(s.message) })) } : {}),
    ...(f.fixes ? { fixes: f.fixes.map((x) => ({ ...x, title: mask.apply(x.title) })) } : {}),
  });
  return {
    ...result,
    findings: result.findings.map(finding),
    notes: result.notes.map((n) => ({ ...n, message: mask.apply(n.message) })),
    ...(result.suppressed
      ? {
          suppressed: result.suppressed.map((s) => ({
            ...s,
            finding: finding(s.finding),
            suppression: { ...s.suppression, reason: mask.apply(s.suppression.reason) },
          })),
        }
      : {}),
  };
}

/** The mask of a scan: every file's credential findings, reported, suppressed or baselined. */
export function maskOfFiles(
  files: readonly {
    text?: string;
    findings: readonly Finding[];
    suppressed?: readonly { finding: Finding }[];
    baselined?: readonly Finding[];
  }[],
): SecretMask {
  const mask = new SecretMask();
  for (const f of files)
    mask.addFindings(f.text, [...f.findings, ...(f.suppressed ?? []).map((s) => s.finding), ...(f.baselined ?? [])]);
  return mask;
}
