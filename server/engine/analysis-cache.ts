// A cache the rules of one analysis share: keyed on the tree (which every rule of one analysis
// shares; Facts is replaced after a rule is stopped, the tree is not) and on the knowledge object
// the rules were given, so that a re-run without one of the team's declarations (loosened.ts)
// never sees results computed with it.

export class AnalysisCache<T> {
  private readonly byTree = new WeakMap<object, WeakMap<object, T>>();

  get(tree: object, knowledge: object): T | undefined {
    return this.byTree.get(tree)?.get(knowledge);
  }

  set(tree: object, knowledge: object, value: T): void {
    let byKnowledge = this.byTree.get(tree);
    if (!byKnowledge) this.byTree.set(tree, (byKnowledge = new WeakMap()));
    byKnowledge.set(knowledge, value);
  }
}
