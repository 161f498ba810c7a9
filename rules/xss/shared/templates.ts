// What the template rules share: is a template expression trusted as markup (a literal, a
// sanitizer call, the layout's body), and is this file a layout.

import type { TeamKnowledge } from '../../../server/engine/types';

const SANITIZER_CALL = /^(?:DOMPurify\.sanitize|sanitize|sanitizeHtml|sanitizeHTML|escapeHtml|escapeHTML|escape|he\.encode|he\.escape|purify|xss|filterXSS|\$sanitize|_\.escape|h\.escape)\s*\(/;
const LITERAL = /^(?:'[^'\\\n]*'|"[^"\\\n]*"|-?\d+(?:\.\d+)?|true|false)$/;

/** An expression that is a literal or the result of a recognised sanitizer (built-in or the team's). */
export function trustedExpression(expression: string, knowledge: Readonly<TeamKnowledge>): boolean {
  const e = expression.trim();
  if (LITERAL.test(e)) return true;
  if (SANITIZER_CALL.test(e.slice(0, 40))) return true;
  for (const ref of knowledge.sanitizers ?? []) {
    if (!ref.for.includes('xss')) continue;
    const last = ref.name.split('.').pop()!;
    if (e.startsWith(`${ref.name}(`) || e.startsWith(`${last}(`)) return true;
  }
  return false;
}

/** A layout wraps every page: express-handlebars `{{{body}}}` / express-ejs-layouts `<%- body %>` is the framework's own rendered view. */
export function isLayout(file: string, text: string): boolean {
  return /(^|[\\/])layouts?[\\/]/i.test(file) || /<\/html\s*>|<body[\s>]/i.test(text.slice(0, 200_000));
}
