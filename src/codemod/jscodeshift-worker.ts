import { parentPort } from 'node:worker_threads';
import { runJscodeshiftTransform, type TransformRequest, type TransformResponse } from './jscodeshift.js';

/** The thread that runs the codemods for the jscodeshift transforms (see jscodeshift-client.cts). */
const port = parentPort;
if (!port) throw new Error('jscodeshift-worker.js runs as a worker thread of the lifeguard jscodeshift transforms');
port.on('message', async (request: TransformRequest) => {
  const reports: string[] = [];
  let response: TransformResponse;
  try {
    const output = await runJscodeshiftTransform(request.codemod, request.file, { report: (message) => reports.push(message) }, request.options);
    response = { id: request.id, reports, output: output ?? null };
  } catch (error) {
    response = { id: request.id, reports, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
