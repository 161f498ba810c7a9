// sql/string-built-query: SQL text assembled from strings with a non-constant part, reaching a
// driver's query method. The paved road is a parameterized query; the fix builds it when the
// meaning can be kept, and the message explains the manual road when it cannot.

import { abbreviate, defineRule } from '../../../server/engine/rule';
import { unwrap } from '../../../server/engine/facts';
import { describeBlocker, isNamePart, parameterize } from '../shared/parameterize';
import { outsideSourceThroughCalls, sqlQueries } from '../shared/queries';
import type { FlowStep } from '../../../server/engine/types';

export default defineRule({
  meta: {
    id: 'sql/string-built-query',
    title: 'SQL query built from strings',
    summary:
      'Query text is assembled from strings with values that are not constants; pass them as bound parameters instead.',
    cwe: ['CWE-89'],
    ssdf: ['PW.5.1'],
    severity: 'error',
    confidence: 'medium',
    fixKinds: ['needs-review'],
    messages: {
      fromSource:
        'SQL text built with `{{parts}}`, which carries {{source}}: it can change what the query does (SQL injection). Use a parameterized query: {{pavedRoad}}.',
      built:
        'SQL text built with `{{parts}}`: if any of it comes from outside, it can change what the query does (SQL injection). Use a parameterized query: {{pavedRoad}}.',
      fromSourceManual:
        'SQL text built with `{{parts}}`, which carries {{source}}: it can change what the query does (SQL injection). No automatic fix: {{manual}}.',
      builtManual:
        'SQL text built with `{{parts}}`: if any of it comes from outside, it can change what the query does (SQL injection). No automatic fix: {{manual}}.',
    },
  },
  check(context) {
    const { facts } = context;
    for (const query of sqlQueries(facts, context.knowledge)) {
      const { sink, build } = query;
      // Names (table, column, ORDER BY) cannot be bound: sql/dynamic-identifier reports those.
      const valueParts = build.dynamic.filter((d) => !isNamePart(query.kinds.get(unwrap(d))));
      if (valueParts.length === 0) continue;
      const found = valueParts.map((d) => outsideSourceThroughCalls(facts, d)).find((s) => s !== undefined);
      const steps: FlowStep[] = [];
      if (found) steps.push(...found.steps);
      steps.push(...build.steps, ...query.viaSteps);
      const driverCall = sink.via?.[sink.via.length - 1]?.call ?? sink.call;
      steps.push({ span: facts.span(driverCall), message: `the text is run as SQL by \`${sink.method}\`` });
      const { fix, blocker } = parameterize(facts, sink);
      const parts = abbreviate(valueParts.map((d) => facts.source(d)).join('`, `'));
      const data = {
        parts,
        source: found?.description ?? '',
        pavedRoad: `\`${sink.library.pavedRoad}\``,
        manual: blocker ? describeBlocker(blocker, sink.library) : '',
      };
      const manual = !fix && blocker !== undefined;
      context.report({
        messageId: found ? (manual ? 'fromSourceManual' : 'fromSource') : manual ? 'builtManual' : 'built',
        data,
        span: facts.span(sink.text),
        steps,
        fixes: fix ? [fix] : [],
        confidence: found && found.kind !== 'parameter' ? 'high' : 'medium',
        docSection: sink.library.packages[0],
      });
    }
  },
});
