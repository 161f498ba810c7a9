// Bounded work for rules. Rules are synchronous, so a runaway rule cannot be interrupted from
// outside; instead every call it makes into the shared Facts (and every report) is a safe point
// that checks the rule's deadline and, once it has passed, throws RuleBudgetExceeded. analyze()
// catches it, drops that rule's findings for the file and adds a visible note. A rule that loops
// without ever calling Facts is not stopped by this; the fault-injection rule `test/hang` and
// test/hardening/bounded-work.test.ts prove the mechanism, and THREAT_MODEL.md names the limit.

export const DEFAULT_RULE_BUDGET_MS = 2000;

export class RuleBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`rule exceeded its time budget of ${budgetMs} ms`);
  }
}

export interface Budget {
  /** Throws RuleBudgetExceeded once the deadline has passed. */
  check(): void;
}

/** With the real clock, read it every this many checks: a check is a few microseconds of work, the clock read was a tenth of a rule's time. */
const CLOCK_EVERY = 16;

export function startBudget(budgetMs: number, now?: () => number): Budget {
  if (now) {
    const deadline = now() + budgetMs;
    return {
      check() {
        if (now() > deadline) throw new RuleBudgetExceeded(budgetMs);
      },
    };
  }
  const deadline = performance.now() + budgetMs;
  let countdown = 0;
  return {
    check() {
      if (--countdown > 0) return;
      countdown = CLOCK_EVERY;
      if (performance.now() > deadline) throw new RuleBudgetExceeded(budgetMs);
    },
  };
}

/**
 * The same object, whose every method call (including the calls it makes on itself, since `this` is
 * the proxy) first checks the budget. Fields read through unchanged.
 */
export function budgeted<T extends object>(target: T, budget: Budget): T {
  const wrappers = new Map<PropertyKey, Function>();
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver);
      if (typeof value !== 'function' || prop === 'constructor') return value;
      let wrapper = wrappers.get(prop);
      if (!wrapper) {
        wrapper = function (this: unknown, ...args: unknown[]) {
          budget.check();
          return (value as Function).apply(this, args);
        };
        wrappers.set(prop, wrapper);
      }
      return wrapper;
    },
  });
}
