// What the template rules share: is a template expression trusted as markup (a literal, a
// sanitizer call, the layout's body), and is this file a layout.

import type { TeamKnowledge } from '../../../server/engine/types';

const SANITIZER_CALL =
  /^(?:DOMPurify\.sanitize|sanitize|sanitizeHtml|sanitizeHTML|escapeHtml|escapeHTML|escape|he\.encode|he\.escape|purify|xss|filterXSS|\$sanitize|_\.escape|h\.escape)\s*\(/;
/** A translation looked up by one constant key (vue-i18n `$t`, i18next `t`): the developers' own text. */
const TRANSLATION = /^(?:\$?t|i18n\.t|i18next\.t|\$_)\(\s*(?:'[^'\\\n]*'|"[^"\\\n]*")\s*\)$/;
const LITERAL = /^(?:'[^'\\\n]*'|"[^"\\\n]*"|-?\d+(?:\.\d+)?|true|false)$/;

/** An expression that is a literal or the result of a recognised sanitizer (built-in or the team's). */
export function trustedExpression(expression: string, knowledge: Readonly<TeamKnowledge>): boolean {
  const e = expression.trim();
  if (LITERAL.test(e) || TRANSLATION.test(e)) return true;
  if (SANITIZER_CALL.test(e.slice(0, 40))) return true;
  for (const ref of knowledge.sanitizers ?? []) {
    if (!ref.for.includes('xss')) continue;
    const last = ref.name.split('.').pop()!;
    if (e.startsWith(`${ref.name}(`) || e.startsWith(`${last}(`)) return true;
  }
  return false;
}

/** Property and variable names that hold counts and amounts (`product.price`, `cart.total`, `items.length`). */
const NUMERIC_NAME =
  /^(?:i|j|k|n|idx|index|count|length|size|price|quantity|qty|amount|total|subtotal|sum|score|rating|stock|age|year|percent|percentage|page|pages)$|(?:Index|Count|Length|Size|Price|Quantity|Amount|Total|Score|Number|Num)$/;
const NUMERIC_CALL =
  /^(?:Number|parseInt|parseFloat|Math\.\w+)\(|\.(?:toFixed|toPrecision|getTime|getFullYear|indexOf)\([^()]*\)$/;

/**
 * An expression whose value is a number: arithmetic (`i + 1`, `price * qty`), a count (`.length`),
 * a numeric conversion (`Number(x)`, `x.toFixed(2)`), or a name that holds an amount
 * (`product.price`, `cart.total`, `rowIndex`). A number written raw carries no markup. `+` counts
 * as arithmetic only with a number on one side and an amount-like name on the other (`name + 1`
 * may be text).
 */
export function numericExpression(expression: string): boolean {
  const e = expression
    .trim()
    .replace(/^\((.*)\)$/s, '$1')
    .trim();
  if (e.length === 0 || e.length > 200) return false;
  if (/^-?\d+(?:\.\d+)?$/.test(e)) return true;
  if (NUMERIC_CALL.test(e) && !/[;]/.test(e)) return /^[\w$.[\]()'", +*/%-]+$/.test(e);
  const parts = e.split(/\s*([-*/%+])\s*/);
  const operands = parts.filter((_, i) => i % 2 === 0);
  const operators = parts.filter((_, i) => i % 2 === 1);
  if (operands.some((o) => !/^(?:-?\d+(?:\.\d+)?|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\w+\])*)$/.test(o)))
    return false;
  const numeric = (o: string): boolean => {
    if (/^-?\d/.test(o)) return true;
    const chain = o.replace(/\[\w+\]/g, '').split('.');
    // A record's key (`product.id`, `user._id`): an integer or an ObjectId; not one read from the request.
    if (
      chain.length > 1 &&
      /^_?id$/.test(chain[chain.length - 1]) &&
      !/^(?:req|request|query|params|body|ctx|input)$/.test(chain[0]) &&
      !chain.includes('params') &&
      !chain.includes('query')
    )
      return true;
    return NUMERIC_NAME.test(chain[chain.length - 1]);
  };
  if (operators.length === 0) return numeric(operands[0]);
  if (operators.every((op) => op !== '+')) return true; // -, *, /, % always give a number
  return operands.every(numeric);
}

/** A layout wraps every page: express-handlebars `{{{body}}}` / express-ejs-layouts `<%- body %>` is the framework's own rendered view. */
export function isLayout(file: string, text: string): boolean {
  return (
    /(^|[\\/])layouts?[\\/]/i.test(file) ||
    /<\/html\s*>|<body[\s>]/i.test(text.slice(0, 200_000)) ||
    (/\.(pug|jade)$/i.test(file) &&
      /^(?:doctype html|html)\b/m.test(text.slice(0, 200_000)) &&
      /^[ \t]+body\b/m.test(text.slice(0, 200_000)))
  );
}

/**
 * A Nunjucks/Jinja variable whose every `{% set name = … %}` in this template is a literal: the
 * author's own markup (`{% set divider = '<hr>' %}` … `{{ divider | safe }}`), or a block set
 * (`{% set x %}…{% endset %}`) whose output the engine escaped. A non-literal value, or a loop or
 * macro binding the same name, is not.
 */
export function literalSetVariable(bindings: TemplateBindings, expression: string): boolean {
  const name = /^[A-Za-z_]\w*$/.exec(expression.trim())?.[0];
  if (!name) return false;
  const values = bindings.get(name);
  return values !== undefined && values.every((v) => v === BLOCK || (v !== undefined && LITERAL.test(v)));
}

/** `{% set x %}…{% endset %}`: the block's output, rendered (and escaped) by the engine; anything raw inside is reported where it is written. */
const BLOCK = '\u0000block';

/** Every name a Nunjucks/Jinja template binds, with the text of each `set` value (undefined: not a plain `= value`). */
export type TemplateBindings = Map<string, (string | undefined)[]>;

/** One pass over the template; the rule computes it once per file, when a `| safe` first needs it. */
export function templateBindings(text: string): TemplateBindings {
  const sets = new Map<string, (string | undefined)[]>();
  const add = (name: string, value: string | undefined): void => {
    sets.set(name, [...(sets.get(name) ?? []), value]);
  };
  for (const m of text.matchAll(/\{%-?\s*(set|for|macro)\s+([^%]*?)\s*-?%\}/g)) {
    const body = m[2];
    if (m[1] === 'set') {
      const eq = /^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?:=\s*(.*))?$/s.exec(body);
      if (!eq) continue;
      const names = eq[1].split(',').map((n) => n.trim());
      for (const n of names) add(n, names.length !== 1 ? undefined : eq[2] === undefined ? BLOCK : eq[2].trim());
    } else {
      for (const n of body.split(/\bin\b|\(/)[0].split(','))
        if (/^\s*[A-Za-z_]\w*\s*$/.test(n)) add(n.trim(), undefined);
    }
  }
  return sets;
}
