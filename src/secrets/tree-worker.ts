/**
 * The entry point of scanTree's worker threads (tree.ts, spawnWorker): from the sources under
 * tsx, or built on its own as dist/cli/secrets-tree-worker.js (scripts/build.mjs), so that a
 * worker never runs a bundle chunk or the CLI.
 */
import { isMainThread, workerData } from "node:worker_threads";
import { type WorkerInit, workerMain } from "./tree.ts";

const init = workerData as WorkerInit | undefined;
if (isMainThread || !init?.drydockSecretsTreeWorker) {
  throw new Error("tree-worker: a worker thread of scanTree (src/secrets/tree.ts) only");
}
// Not a top-level await: under tsx this file is required as CommonJS (see spawnWorker).
void workerMain(init);
