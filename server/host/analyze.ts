// The engine bound to the rule registry: what the front doors (CLI, language server, analysis
// worker) run. The engine itself knows no rule (server/engine/analyze.ts takes them as an
// argument); this is the one place that names the registry for an analysis.

import { allRules, fileTables } from '../../rules';
import { analyze as analyzeWith } from '../engine/analyze';
import { faultRules } from '../engine/faults';
import {
  fixVerdicts as fixVerdictsWith,
  verifyFix as verifyFixWith,
  verifyFixes as verifyFixesWith,
  type FixVerdicts,
  type Verdict,
  type VerifyHooks,
} from '../engine/fixes/verify';
import type { ParseReuse } from '../engine/reparse';
import { timed } from '../engine/timing';
import type { AnalysisConfig, AnalysisResult, Finding, Fix, Rule, SourceDocument } from '../engine/types';

export { DEFAULT_MAX_FILE_BYTES, isAnalysable, isConfigFile } from '../engine/analyze';

/** A verification's analyses and type checks are its own cost (PAVED_ROAD_TIMING, engine/timing.ts). */
const WHOLE = { whole: true };

/** Every registered rule, plus the test-only fault rules when PAVED_ROAD_TEST_FAULTS asks for them. */
export function registeredRules(): readonly Rule[] {
  return [...allRules, ...faultRules()];
}

/** `analyze()` of the engine with the registry (or `rules`, for tests that add their own). */
export function analyze(
  document: SourceDocument,
  config: AnalysisConfig = {},
  rules: readonly Rule[] = registeredRules(),
  reuse?: ParseReuse,
): AnalysisResult {
  return analyzeWith(document, config, rules, reuse, fileTables);
}

/** The result with every fix verified against the registry (engine/fixes/verify.ts). */
export function verifyFixes(
  document: SourceDocument,
  config: AnalysisConfig,
  result: AnalysisResult,
  hooks: VerifyHooks = {},
): AnalysisResult {
  return timed('fix verification', () => verifyFixesWith(document, config, result, registeredRules(), hooks), WHOLE);
}

/** Whether one fix may be offered, verified against the registry. */
export function verifyFix(
  document: SourceDocument,
  config: AnalysisConfig,
  before: AnalysisResult,
  finding: Finding,
  fix: Fix,
  hooks: VerifyHooks = {},
): Verdict {
  return timed(
    'fix verification',
    () => verifyFixWith(document, config, before, finding, fix, registeredRules(), hooks),
    WHOLE,
  );
}

/** One verdict per edit fix of `result`, against the registry (a scan worker sends them back beside the cacheable result). */
export function fixVerdicts(
  document: SourceDocument,
  config: AnalysisConfig,
  result: AnalysisResult,
  hooks: VerifyHooks = {},
): FixVerdicts {
  return timed('fix verification', () => fixVerdictsWith(document, config, result, registeredRules(), hooks), WHOLE);
}
