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
 * Make every method of a class check the budget its instance carries (`budget`), including the
 * calls the class makes on itself; `except` names internal helpers that only a checked method
 * calls (a second check there is pure overhead). Wrapping the prototype once replaces the Proxy per rule this
 * used to be, whose trap also ran on every field read inside the methods (~30% of all rule time).
 */
export function checkBudgetOnEveryCall(prototype: object, options: { except?: readonly string[] } = {}): void {
  const except = new Set(options.except ?? []);
  for (const name of Object.getOwnPropertyNames(prototype)) {
    if (name === 'constructor' || except.has(name)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
    const method: unknown = descriptor.value;
    if (typeof method !== 'function') continue;
    Object.defineProperty(prototype, name, {
      ...descriptor,
      // No rest parameter and `apply`: an array per call was a tenth of a Facts call's cost. The
      // arguments are passed on exactly as given (as many as given, so defaults still apply).
      value: function (this: { budget?: Budget }, a?: unknown, b?: unknown, c?: unknown) {
        this.budget?.check();
        const fn = method as (...x: unknown[]) => unknown;
        switch (arguments.length) {
          case 0:
            return fn.call(this);
          case 1:
            return fn.call(this, a);
          case 2:
            return fn.call(this, a, b);
          case 3:
            return fn.call(this, a, b, c);
          // eslint-disable-next-line prefer-rest-params
          default:
            return fn.apply(this, arguments as unknown as unknown[]);
        }
      },
    });
  }
}
