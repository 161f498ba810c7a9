// A scan worker thread: analyses the texts the main thread sends and posts the results back.
// The main thread reads, hashes and caches; a worker only runs the engine, so results are exactly
// what `analyze` returns in the main thread.

import { parentPort, resourceLimits } from 'node:worker_threads';
import { analyze, fixVerdicts } from './analyze';
import { enableNativeParser } from '../engine/native-parse';
import { testFaults } from '../engine/faults';
import { ParseReuse } from '../engine/reparse';
import type { AnalysisConfig } from '../engine/types';
import { startPhaseClock, takePhaseTimes, type PhaseTimes } from '../engine/timing';
// fix verification in the worker (issue 22) >>>
import type { FixVerdicts } from '../engine/fixes/verify';
import { TypeChecker } from './typecheck';
// <<< fix verification in the worker

/**
 * `languageId`: the editor's language of the document (an untitled one has no extension to go by).
 * `reuse`: keep this document's tree for its next version (the editor's pool; never a CLI scan).
 */
export interface WorkerTask {
  id: number;
  file: string;
  text: string;
  languageId?: string;
  config: AnalysisConfig;
  reuse?: boolean;
  verify?: VerifyTask;
}
/**
 * `verify`: the worker that analysed the file also verifies its fixes (engine/fixes/verify.ts),
 * with the type check of `tsconfig`'s project when given; `verdicts` come back beside the
 * unverified result (which is what a cache may keep: a type check depends on other files).
 */
export interface VerifyTask {
  tsconfig?: string;
}
/** `partial`: the document's kept tree was re-parsed only where the edit changed it. */
/** `timing`: this thread's phase times since its last reply (PAVED_ROAD_TIMING=1, engine/timing.ts). */
export type WorkerReply = (
  | { id: number; result: ReturnType<typeof analyze>; partial?: true; verdicts?: FixVerdicts }
  | { id: number; error: string }
) & { timing?: PhaseTimes };

if (parentPort) {
  const port = parentPort;
  // This thread's stack is known (the pool sets it), so the native parser can be given the files
  // whose worst nesting fits in it.
  enableNativeParser({ stackBytes: (resourceLimits.stackSizeMb ?? 0) * 1024 * 1024 });
  const crashes = testFaults().has('worker-crash');
  const reuse = new ParseReuse();
  const checker = new TypeChecker(true); // one language service per project for this thread's lifetime
  if (process.env.PAVED_ROAD_TIMING === '1') startPhaseClock();
  port.on('message', (task: WorkerTask | { forget: string }) => {
    if ('forget' in task) return reuse.forget(task.forget); // no reply: the pool awaits none
    // Test-only fault: the worker dies mid-task (as on out-of-memory), so its replacement is tested.
    if (crashes && task.text.includes('PAVED_ROAD_TEST_WORKER_CRASH')) process.exit(70);
    let reply: WorkerReply;
    try {
      const before = reuse.counts.reused;
      const document = {
        file: task.file,
        text: task.text,
        ...(task.languageId ? { languageId: task.languageId } : {}),
      };
      let result = analyze(document, task.config, undefined, task.reuse ? reuse : undefined);
      reply = { id: task.id, result, ...(reuse.counts.reused > before ? { partial: true as const } : {}) };
      // fix verification in the worker (issue 22) >>>
      if (task.verify && result.findings.some((f) => f.fixes?.some((x) => x.kind !== 'guidance'))) {
        const document = {
          file: task.file,
          text: task.text,
          ...(task.languageId ? { languageId: task.languageId } : {}),
        };
        const hooks = task.verify.tsconfig
          ? { newTypeErrorsOfEach: checker.hookOfEach(task.verify.tsconfig, task.file, task.text) }
          : {};
        reply.verdicts = fixVerdicts(document, task.config, result, hooks);
      }
      // <<< fix verification in the worker
    } catch (error) {
      reply = { id: task.id, error: error instanceof Error ? error.message : String(error) };
    }
    const timing = takePhaseTimes();
    port.postMessage(timing ? { ...reply, timing } : reply);
  });
}
