// sql/string-built-query: SQL text assembled from strings with a non-constant part, reaching a
// driver's query method. The paved road is a parameterized query; the fix builds it when the
// meaning can be kept, and the message explains the manual road when it cannot.

import { defineRule } from '../../../server/engine/rule';
import { abbreviate, findStringBuild } from '../shared/building';
import { describeBlocker, parameterize } from '../shared/parameterize';
import { sqlSinkOf } from '../shared/sinks';
import type { FlowStep } from '../../../server/engine/types';

export default defineRule({
  meta: {
    id: 'sql/string-built-query',
    title: 'SQL query built from strings',
    summary: 'Query text is assembled from strings with values that are not constants; pass them as bound parameters instead.',
    cwe: ['CWE-89'],
    ssdf: ['PW.5.1'],
    severity: 'error',
    confidence: 'medium',
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
    for (const call of facts.nodesOfType('CallExpression')) {
      const sink = sqlSinkOf(facts, call);
      if (!sink) continue;
      const build = findStringBuild(facts, sink.text);
      if (!build) continue;
      const source = build.dynamic.map((d) => facts.outsideSource(d)).find((s) => s !== undefined);
      const steps: FlowStep[] = [];
      if (source) steps.push({ span: facts.span(source.node), message: `outside data enters: ${source.description}` });
      steps.push(...build.steps);
      steps.push({ span: facts.span(call), message: `the text is run as SQL by \`${sink.method}\`` });
      const { fix, blocker } = parameterize(facts, sink);
      const parts = abbreviate(build.dynamic.map((d) => facts.source(d)).join('`, `'));
      const data = {
        parts,
        source: source?.description ?? '',
        pavedRoad: `\`${sink.library.pavedRoad}\``,
        manual: blocker ? describeBlocker(blocker) : '',
      };
      const manual = !fix && blocker !== undefined && blocker !== 'shape';
      context.report({
        messageId: source ? (manual ? 'fromSourceManual' : 'fromSource') : (manual ? 'builtManual' : 'built'),
        data,
        span: facts.span(sink.text),
        steps,
        fixes: fix ? [fix] : [],
        confidence: source ? 'high' : 'medium',
        docSection: sink.library.packages[0],
      });
    }
  },
});
