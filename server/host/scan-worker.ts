// A scan worker thread: analyses the texts the main thread sends and posts the results back.
// The main thread reads, hashes and caches; a worker only runs the engine, so results are exactly
// what `analyze` returns in the main thread.

import { parentPort, resourceLimits } from 'node:worker_threads';
import { analyze, verifyFixes } from './analyze';
import { enableNativeParser } from '../engine/native-parse';
import { testFaults } from '../engine/faults';
import { ParseReuse } from '../engine/reparse';
import type { AnalysisConfig } from '../engine/types';

/**
 * `languageId`: the editor's language of the document (an untitled one has no extension to go by).
 * `reuse`: keep this document's tree for its next version (the editor's pool; never a CLI scan).
 */
export interface WorkerTask { id: number; file: string; text: string; languageId?: string; config: AnalysisConfig; reuse?: boolean; verifyFixes?: boolean }
/** `partial`: the document's kept tree was re-parsed only where the edit changed it. */
export type WorkerReply = { id: number; result: ReturnType<typeof analyze>; partial?: true } | { id: number; error: string };

if (parentPort) {
  const port = parentPort;
  // This thread's stack is known (the pool sets it), so the native parser can be given the files
  // whose worst nesting fits in it.
  enableNativeParser({ stackBytes: (resourceLimits.stackSizeMb ?? 0) * 1024 * 1024 });
  const crashes = testFaults().has('worker-crash');
  const reuse = new ParseReuse();
  port.on('message', (task: WorkerTask | { forget: string }) => {
    if ('forget' in task) return reuse.forget(task.forget); // no reply: the pool awaits none
    // Test-only fault: the worker dies mid-task (as on out-of-memory), so its replacement is tested.
    if (crashes && task.text.includes('PAVED_ROAD_TEST_WORKER_CRASH')) process.exit(70);
    let reply: WorkerReply;
    try {
      const before = reuse.counts.reused;
      const document = { file: task.file, text: task.text, ...(task.languageId ? { languageId: task.languageId } : {}) };
      let result = analyze(document, task.config, undefined, task.reuse ? reuse : undefined);
      // `verifyFixes` (a scan whose fixes leave the process, for a file outside any TypeScript
      // project): verified here, with the native parser and a warm engine, in parallel, rather than
      // on the main thread afterwards (cli/fix.ts FixVerifier skips a result marked verified).
      if (task.verifyFixes) result = { ...verifyFixes(document, task.config, result), fixesVerified: true };
      reply = { id: task.id, result, ...(reuse.counts.reused > before ? { partial: true as const } : {}) };
    } catch (error) {
      reply = { id: task.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
