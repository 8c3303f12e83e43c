/**
 * The CommonJS side of the jscodeshift transforms (codemods/<codemod>/jscodeshift.cts).
 *
 * jscodeshift's runner require()s a transform with @babel/register hooked into
 * require (its default): every CommonJS module loaded after that is compiled by
 * Babel, which cannot run an ES module and fails on ts-morph and TypeScript.
 * So the codemod runs in a worker thread, whose module loader has no such hook,
 * and each file goes there and back as plain data (its path and text, the
 * options; the new text and the review items). One thread per jscodeshift
 * worker process, started on the first file and not keeping the process alive
 * once idle.
 */
import path = require('node:path');
import workerThreads = require('node:worker_threads');
import type { JscodeshiftApi, JscodeshiftFile, TransformRequest, TransformResponse } from './jscodeshift.js' with { 'resolution-mode': 'import' };

type TransformFile = JscodeshiftFile;
type Transformer = (file: TransformFile, api: JscodeshiftApi, options?: Record<string, unknown>) => Promise<string | undefined>;

interface Pending {
  resolve(output: string | undefined): void;
  reject(error: Error): void;
  report(message: string): void;
}

let thread: workerThreads.Worker | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function failAll(error: Error): void {
  for (const entry of pending.values()) entry.reject(error);
  pending.clear();
  thread = undefined;
}

function start(): workerThreads.Worker {
  const started = new workerThreads.Worker(path.join(__dirname, 'jscodeshift-worker.js'));
  started.on('message', (response: TransformResponse) => {
    const entry = pending.get(response.id);
    if (!entry) return;
    pending.delete(response.id);
    if (pending.size === 0) started.unref();
    for (const message of response.reports) entry.report(message);
    if (response.error !== undefined) entry.reject(new Error(response.error));
    else entry.resolve(response.output ?? undefined);
  });
  started.on('error', failAll);
  started.on('exit', (code) => failAll(new Error(`the lifeguard transform thread exited (code ${code})`)));
  return started;
}

/** The jscodeshift transform of one codemod: `(file, api, options) => Promise<string | undefined>`. */
function transformerFor(codemod: string): Transformer {
  return (file, api, options = {}) =>
    new Promise((resolve, reject) => {
      thread ??= start();
      thread.ref();
      const id = nextId++;
      pending.set(id, { resolve, reject, report: (message) => api.report?.(message) });
      // jscodeshift's options are parsed from its command line: plain values, cloned as JSON.
      const request: TransformRequest = { id, codemod, file: { path: file.path, source: file.source }, options: JSON.parse(JSON.stringify(options)) as Record<string, unknown> };
      thread.postMessage(request);
    });
}

export = { transformerFor };
