// A scan worker thread: analyses the texts the main thread sends and posts the results back.
// The main thread reads, hashes and caches; a worker only runs the engine, so results are exactly
// what `analyze` returns in the main thread.

import { parentPort, resourceLimits } from 'node:worker_threads';
import { analyze } from '../engine/analyze';
import { enableNativeParser } from '../engine/native-parse';
import { testFaults } from '../engine/faults';
import type { AnalysisConfig } from '../engine/types';

export interface WorkerTask { id: number; file: string; text: string; config: AnalysisConfig }
export type WorkerReply = { id: number; result: ReturnType<typeof analyze> } | { id: number; error: string };

if (parentPort) {
  const port = parentPort;
  // This thread's stack is known (the pool sets it), so the native parser can be given the files
  // whose worst nesting fits in it.
  enableNativeParser({ stackBytes: (resourceLimits.stackSizeMb ?? 0) * 1024 * 1024 });
  const crashes = testFaults().has('worker-crash');
  port.on('message', (task: WorkerTask) => {
    // Test-only fault: the worker dies mid-task (as on out-of-memory), so its replacement is tested.
    if (crashes && task.text.includes('PAVED_ROAD_TEST_WORKER_CRASH')) process.exit(70);
    let reply: WorkerReply;
    try {
      reply = { id: task.id, result: analyze({ file: task.file, text: task.text }, task.config) };
    } catch (error) {
      reply = { id: task.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
