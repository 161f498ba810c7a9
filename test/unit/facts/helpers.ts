// Facts over a snippet, for the unit tests of Facts' parts.

import { Facts, type Node, type NodeType } from '../../../server/engine/facts';
import { parse } from '../../../server/engine/parse';
import type { TeamKnowledge } from '../../../server/engine/types';

export function factsOf(text: string, knowledge: Readonly<TeamKnowledge> = {}): Facts {
  return new Facts(text, parse(text, 'ts'), knowledge);
}

/** The first node of `type` whose source text is `source`. */
export function nodeOf(facts: Facts, type: NodeType, source: string): Node {
  const found = (facts.nodesOfType(type) as Node[]).find((n) => facts.source(n) === source);
  if (!found) throw new Error(`no ${type} \`${source}\``);
  return found;
}
