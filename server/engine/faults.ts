// Fault injection for tests only. PAVED_ROAD_TEST_FAULTS (comma-separated) adds rules that
// misbehave on purpose, so tests can prove through every front door that the damage is contained:
//   throw — a rule that always throws (a crashed rule is reported, the others still run);
//   hang  — a rule that never finishes on its own (the time budget stops it, never a hang);
//   crash — read by the language server, which throws an uncaught exception while analysing a
//           document containing PAVED_ROAD_TEST_CRASH (it logs the crash and exits non-zero);
//   worker-crash — read by the analysis worker (server/host/scan-worker.ts), which exits while
//           analysing a text containing PAVED_ROAD_TEST_WORKER_CRASH (the pool replaces it).
// Unset, this adds nothing. Whoever can set a process's environment already controls the process,
// so honouring it gives an attacker nothing new (THREAT_MODEL.md).

import type { Rule } from './types';

export function testFaults(): Set<string> {
  const raw = typeof process === 'undefined' ? undefined : process.env.PAVED_ROAD_TEST_FAULTS;
  return new Set(
    (raw ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

const meta = (id: string, title: string): Rule['meta'] => ({
  id,
  title,
  summary: title,
  cwe: [],
  ssdf: [],
  severity: 'info',
  confidence: 'low',
  messages: {},
  fixKinds: [],
});

const THROWS: Rule = {
  meta: meta('test/throws', 'Injected fault: always throws'),
  check() {
    throw new Error('injected fault: test/throws');
  },
};

const HANGS: Rule = {
  meta: meta('test/hang', 'Injected fault: never finishes'),
  check(context) {
    for (;;) context.facts.nodesOfType('Program');
  },
};

/** The fault rules the environment asks for (none in normal use). */
export function faultRules(): Rule[] {
  const faults = testFaults();
  return [...(faults.has('throw') ? [THROWS] : []), ...(faults.has('hang') ? [HANGS] : [])];
}
