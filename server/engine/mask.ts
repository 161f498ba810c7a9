// Never echo a secret. Every front door (CLI text/JSON/SARIF/HTML, LSP diagnostics, hovers, logs)
// passes what it prints through these helpers: a credential finding's own span is masked wherever
// source text is shown, and any known-format token left in free text is masked too.
// A masked secret keeps a short public prefix and its length: `sk_live_…(32 chars)`.

import { findTokens } from '../../rules/cred/shared/formats';
import type { Finding, Span } from './types';

/** How much of an unknown secret may be shown: at most 4 characters, and never more than a quarter. */
function defaultPrefix(secret: string): string {
  return secret.slice(0, Math.min(4, Math.floor(secret.length / 4)));
}

/** `ghp_…(40 chars)`: the format's public prefix (or a short one) and the length. */
export function maskSecret(secret: string, prefix?: string): string {
  const shown = prefix !== undefined && prefix.length <= 12 && secret.startsWith(prefix) ? prefix : defaultPrefix(secret);
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
    const body = quote && secret.endsWith(quote) && secret.length > 1 ? secret.slice(1, -1) : quote ? secret.slice(1) : secret;
    const masked = quote ? `${quote}${maskSecret(body, findTokens(body)[0]?.format.prefix(body))}${secret.endsWith(quote) && secret.length > 1 ? quote : ''}` : maskSecret(body);
    out += redactSecrets(text.slice(at, s.start)) + masked;
    at = s.end;
  }
  return out + redactSecrets(text.slice(at));
}

