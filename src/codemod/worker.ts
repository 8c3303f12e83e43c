import { parentPort, workerData } from 'node:worker_threads';
import { codemods } from '../../codemods/index.js';
import type { WorkerRequest, WorkerResponse, WorkerSetup } from './engine.js';
import { processFile, type FileJob } from './process.js';
import { ProjectInfo } from './project.js';

/** Worker-thread side of `runCodemod`: processes batches of files and posts the results (the main thread writes). */
const setup = workerData as WorkerSetup;
const port = parentPort!;
const codemod = codemods.find((candidate) => candidate.name === setup.codemodName);
if (!codemod) {
  port.postMessage({ error: `unknown codemod in worker: ${setup.codemodName}` } satisfies WorkerResponse);
} else {
  const job: FileJob = {
    cwd: setup.cwd,
    codemod,
    options: codemod.parseOptions(setup.rawOptions),
    runtime: setup.runtime,
    diff: setup.diff,
    project: new ProjectInfo(),
  };
  port.on('message', (request: WorkerRequest) => {
    if ('done' in request) {
      port.close();
      return;
    }
    const batchJob: FileJob = request.rules ? { ...job, rules: new Map(request.rules) } : job;
    port.postMessage({ results: request.files.map((file) => processFile(file, batchJob)) } satisfies WorkerResponse);
  });
}
