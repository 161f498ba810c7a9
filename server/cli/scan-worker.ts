// A scan worker thread: analyses the texts the main thread sends and posts the results back.
// The main thread reads, hashes and caches; a worker only runs the engine, so results are exactly
// what `analyze` returns in the main thread.

import { parentPort } from 'node:worker_threads';
import { analyze } from '../engine/analyze';
import { testFaults } from '../engine/faults';
import type { AnalysisConfig } from '../engine/types';

export interface WorkerTask { id: number; file: string; text: string; config: AnalysisConfig }
export type WorkerReply = { id: number; result: ReturnType<typeof analyze> } | { id: number; error: string };

if (parentPort) {
  const port = parentPort;
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
