// Defaults across files: an unsafe option value held by a config module and used by another module
// (`rejectUnauthorized: config.tls.verify`, `session({ ...config.session, secret })`). The
// credentials family's machinery carries it (rules/cred/shared/cross-file.ts), not a parallel one:
//   - the using module's summary lists, in `secretUses`, the values of other modules it passes as a
//     defaults option, with a sink named `defaults:<what>` (a module reference and a place, never a
//     value); the credentials rules know no such sink and pass over it;
//   - the front door hands the defining module those uses (`Facts.secretUses`), and the defaults
//     rule there judges its own value, reported at the line that holds it with a step at each use.

import {
  FUNCTION_TYPES,
  propertyKeyName,
  type Facts,
  type FunctionNode,
  type Node,
} from '../../../server/engine/facts';
import type { ModuleRef } from '../../../server/engine/project/types';
import type { FlowStep } from '../../../server/engine/types';
import { exportedValue, refOf, sinkCallOrigin } from '../../cred/shared/cross-file';
import { returnedExpressions } from '../../module-summary';
import { objectOf } from './objects';

/** Options that turn TLS certificate checks off when false (defaults/tls-verification-off). */
export const TLS_VERIFY_KEYS = new Set(['rejectUnauthorized', 'strictSSL', 'sslValidate', 'tlsRejectUnauthorized']);
const PREFIX = 'defaults:';
const MAX_USES = 50;

/** A value of another module used here as a defaults option (sink `defaults:<TLS key>`, `defaults:session:<module>`, `defaults:cookie:<module>`). */
export interface OptionUse {
  ref: ModuleRef;
  sink: string;
  node: Node;
}

/** The summary half: the values of other modules this module uses as TLS flags or session options. */
export function optionUsesOf(facts: Facts): OptionUse[] {
  const out: OptionUse[] = [];
  const add = (value: Node, what: string, at: Node) => {
    const ref = out.length < MAX_USES ? refOf(facts, value) : undefined;
    if (ref && /^\.{1,2}\//.test(ref.module)) out.push({ ref, sink: PREFIX + what, node: at });
  };
  for (const p of facts.nodesOfType('Property')) {
    const key = p.computed ? undefined : propertyKeyName(p.key);
    if (key && TLS_VERIFY_KEYS.has(key) && facts.parent(p)?.type === 'ObjectExpression') add(p.value as Node, key, p);
  }
  // Session middlewares' options: `session(config.session)`, `session({ ...config.session, secret })`,
  // `app.register(secureSession, { key, cookie: sessionCookieOptions(config) })`. The sink names the
  // middleware's module (`session:<module>` for the whole options, `cookie:<module>` for its cookie):
  // the defining module's rule knows that middleware's defaults.
  for (const call of facts.nodesOfType('CallExpression')) {
    for (const arg of call.arguments.slice(0, 2)) {
      if (arg.type === 'SpreadElement') continue;
      const from = sinkCallOrigin(facts, call, arg as Node);
      if (!from || from.path.some((s) => s !== 'default') || !/session|cookie/i.test(from.module)) continue;
      const options = objectOf(facts, arg as Node);
      if (!options) {
        if (call.arguments[0] === arg || call.arguments[1] === arg) add(arg as Node, `session:${from.module}`, call);
        continue;
      }
      for (const p of options.properties)
        if (p.type === 'SpreadElement') add(p.argument as Node, `session:${from.module}`, call);
        else if (!p.computed && propertyKeyName(p.key) === 'cookie') add(p.value as Node, `cookie:${from.module}`, p);
    }
  }
  return out;
}

/**
 * The defining half: each value this module exports that other modules use as `what` (a sink
 * without its prefix), with a step at each use (up to 5 per value).
 */
export function usedOptionValues(
  facts: Facts,
  what: (sink: string) => boolean,
): Map<Node, { sink: string; steps: FlowStep[] }> {
  const out = new Map<Node, { sink: string; steps: FlowStep[] }>();
  for (const use of facts.secretUses ?? []) {
    if (!use.sink.startsWith(PREFIX) || !what(use.sink.slice(PREFIX.length))) continue;
    let value = exportedValue(facts, use.name);
    // `cookie: sessionCookieOptions(config)`: calls are transparent, the value is what the function returns.
    if (value && FUNCTION_TYPES.has(value.type)) {
      const returned = returnedExpressions(facts, value as FunctionNode);
      value = returned.length === 1 ? returned[0] : undefined;
    }
    if (!value) continue;
    const entry = out.get(value) ?? { sink: use.sink.slice(PREFIX.length), steps: [] };
    out.set(value, entry);
    if (entry.steps.length < 5)
      entry.steps.push({
        span: { start: use.at.start, end: use.at.end },
        message: `used as the \`${entry.sink}\` option here`,
        file: use.file,
        range: { line: use.at.line, column: use.at.column, endLine: use.at.endLine, endColumn: use.at.endColumn },
      });
  }
  return out;
}
