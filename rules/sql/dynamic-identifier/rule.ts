// sql/dynamic-identifier: a table name, column name or ORDER BY direction spliced into SQL text.
// Names cannot be bound as parameters, so the paved road differs from sql/string-built-query: pick
// the name from an allow-list in code (or quote it with the driver's identifier escaping). An
// `ASC`/`DESC` direction has an exact fix: choose between the two constants.

import { unwrap, type Node } from '../../../server/engine/facts';
import { abbreviate, defineRule } from '../../../server/engine/rule';
import type { Fix, FlowStep } from '../../../server/engine/types';
import { isNamePart } from '../shared/parameterize';
import { outsideSourceThroughCalls, sqlQueries } from '../shared/queries';

export default defineRule({
  meta: {
    id: 'sql/dynamic-identifier',
    title: 'Table or column name spliced into SQL',
    summary:
      'A table, column or ORDER BY name comes from a value that is not a constant; names cannot be bound, so choose them from an allow-list.',
    cwe: ['CWE-89'],
    ssdf: ['PW.5.1'],
    severity: 'error',
    confidence: 'medium',
    fixKinds: ['needs-review'],
    messages: {
      name: "SQL name `{{parts}}` is spliced into the query text{{source}}: a crafted name can change what the query does (SQL injection), and names cannot be bound as parameters. Map it through an allow-list in code (`const column = SORTABLE[req.query.sort] ?? 'id'`){{road}}.",
      direction:
        "ORDER BY direction `{{parts}}` is spliced into the query text{{source}}: anything but ASC/DESC can change what the query does (SQL injection). Choose between the two constants: `{{parts}}.toUpperCase() === 'DESC' ? 'DESC' : 'ASC'`.",
    },
  },
  check(context) {
    const { facts } = context;
    for (const query of sqlQueries(facts, context.knowledge)) {
      const { sink, build } = query;
      const names = build.dynamic.filter((d) => isNamePart(query.kinds.get(unwrap(d))));
      if (names.length === 0) continue;
      const directions = names.filter((d) => query.kinds.get(unwrap(d)) === 'direction');
      const found = names.map((d) => outsideSourceThroughCalls(facts, d)).find((s) => s !== undefined);
      const steps: FlowStep[] = [
        ...(found?.steps ?? []),
        ...build.steps,
        ...query.viaSteps,
        {
          span: facts.span(sink.via?.[sink.via.length - 1]?.call ?? sink.call),
          message: `the text is run as SQL by \`${sink.method}\``,
        },
      ];
      const onlyDirections = directions.length === names.length;
      context.report({
        messageId: onlyDirections ? 'direction' : 'name',
        data: {
          parts: abbreviate(names.map((d) => facts.source(d)).join('`, `')),
          source: found ? `, and it carries ${found.description}` : '',
          road: sink.library.identifierRoad
            ? `; if every name is allowed, quote it with ${sink.library.identifierRoad}`
            : '',
        },
        span: facts.span(sink.text),
        steps,
        fixes: onlyDirections ? [directionFix(directions, facts.source.bind(facts))] : [],
        confidence: found && found.kind !== 'parameter' ? 'high' : 'medium',
      });
    }
  },
});

/** `${dir}` → `${String(dir).toUpperCase() === 'DESC' ? 'DESC' : 'ASC'}`: the same query for every valid direction. */
function directionFix(parts: Node[], source: (n: Node) => string): Fix {
  return {
    title: 'Choose ASC or DESC in code',
    kind: 'needs-review',
    changes: 'any direction other than DESC (in any case) now sorts ascending instead of reaching the SQL text',
    preferred: true,
    edits: parts.map((p) => ({
      span: { start: p.range[0], end: p.range[1] },
      newText: `(String(${source(p)}).toUpperCase() === 'DESC' ? 'DESC' : 'ASC')`,
    })),
  };
}
