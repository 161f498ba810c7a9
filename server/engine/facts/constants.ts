// The constant vocabulary: what Facts.constantOf returns, how it folds a binary operator, and what
// the one constant-table judgement (Facts.constantTable / isMutated) counts as writing a table.

export type Constant = string | number | boolean | null | bigint | RegExp | undefined;

/** The result of asking for a constant: absent means "not a compile-time constant". */
export interface ConstantValue {
  value: Constant;
}

/** Methods that change the array, Set or Map they are called on. */
export const MUTATING_METHODS = new Set([
  'push',
  'unshift',
  'splice',
  'fill',
  'copyWithin',
  'add',
  'set',
  'setPrototypeOf',
  'defineProperty',
  '__defineGetter__',
  '__defineSetter__',
]);
/** Functions that read an object handed to them and never write to it. */
export const READING_FUNCTIONS = new Set([
  'Object.keys',
  'Object.values',
  'Object.entries',
  'Object.freeze',
  'Object.isFrozen',
  'Object.hasOwn',
  'Object.getOwnPropertyNames',
  'Array.isArray',
  'Array.from',
  'JSON.stringify',
  'String',
  'Number',
  'Boolean',
  'Set',
  'Map',
]);

/** `l op r` folded, for the operators the evaluator knows; undefined for any other. */
export function evaluateBinary(op: string, l: Constant, r: Constant): ConstantValue | undefined {
  const a = l as never,
    b = r as never;
  switch (op) {
    case '+':
      return { value: (a as string) + (b as string) };
    case '-':
      return { value: (a as number) - (b as number) };
    case '*':
      return { value: (a as number) * (b as number) };
    case '/':
      return { value: (a as number) / (b as number) };
    case '%':
      return { value: (a as number) % (b as number) };
    case '===':
    case '==':
      return { value: a === b };
    case '!==':
    case '!=':
      return { value: a !== b };
    default:
      return undefined;
  }
}
