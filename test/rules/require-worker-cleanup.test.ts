import rule from '../../rules/require-worker-cleanup.js';
import { espreeCommonJS, ruleTester } from '../rule-tester.js';

ruleTester.run('require-worker-cleanup', rule, {
  valid: [
    // The owner's terminal teardown terminates its worker.
    `
import { Worker } from 'node:worker_threads';
class Resizer {
  constructor() { this.worker = new Worker('./resize.js'); }
  async close() { await this.worker.terminate(); }
}`,
    // A pool that terminates its workers when it is destroyed.
    `
import { Worker } from 'worker_threads';
class Pool {
  workers = [];
  grow() { this.workers.push(new Worker('./task.js')); }
  async destroy() { await Promise.all(this.workers.map((w) => w.terminate())); }
}`,
    // A pool that removes a worker when it exits.
    `
import { Worker } from 'worker_threads';
class Pool {
  workers = new Set();
  grow() { this.workers.add(new Worker('./task.js')); }
  onExit(worker) { this.workers.delete(worker); }
}`,
    // Piscina/tinypool: the library owns its threads.
    `
import Piscina from 'piscina';
const pool = new Piscina({ filename: './task.js' });
export function handle(req) { return pool.run(req.body); }`,
    // AsyncLocalStorage#run scopes the store to the callback.
    `
import { AsyncLocalStorage } from 'node:async_hooks';
const als = new AsyncLocalStorage();
export function middleware(req, res, next) { als.run({ id: req.id }, next); }`,
    // A worker per task that is watched until it exits.
    `
import { Worker } from 'node:worker_threads';
export function runTask(task) {
  return new Promise((resolve, reject) => {
    const worker = new Worker('./task.js');
    worker.postMessage(task);
    worker.on('message', resolve);
    worker.once('exit', () => reject(new Error('worker exited')));
  });
}`,
    // A child awaited to completion.
    `
import { fork } from 'node:child_process';
import { once } from 'node:events';
export async function build(entry) {
  const child = fork('./build.js');
  child.send({ entry });
  await once(child, 'exit');
}`,
    // The worker is terminated once its answer arrives.
    `
import { Worker } from 'node:worker_threads';
export function hash(data) {
  return new Promise((resolve) => {
    const worker = new Worker('./hash.js');
    worker.postMessage(data);
    worker.on('message', (digest) => { resolve(digest); worker.terminate(); });
  });
}`,
    // Returned: the caller owns it.
    `
import { Worker } from 'node:worker_threads';
export function startWorker(file) { const worker = new Worker(file); worker.postMessage('hi'); return worker; }`,
    // Run once by an entry point.
    `
import { Worker } from 'node:worker_threads';
async function main() {
  const worker = new Worker('./server.js');
  worker.postMessage({ port: 8080 });
}
main();`,
    // A one-shot command: spawn per call completes by itself.
    `
import { spawn } from 'node:child_process';
export function git(args) { const child = spawn('git', args); child.stdout.pipe(process.stdout); }`,
    // Test code ends with its process.
    `
import { Worker } from 'node:worker_threads';
describe('worker', () => {
  it('answers', () => { const worker = new Worker('./w.js'); worker.postMessage(1); });
});`,
    // Not worker_threads' Worker.
    `
import { Worker } from 'bullmq';
class Queue { constructor() { this.worker = new Worker('jobs', process); } close() {} }`,
    // A class without a teardown: nothing claims to end it.
    `
import { Worker } from 'node:worker_threads';
class Service { constructor() { this.worker = new Worker('./w.js'); } }`,
    // A channel closed through one of its ports.
    `
class Bridge {
  constructor() { this.channel = new MessageChannel(); }
  dispose() { this.channel.port1.close(); }
}`,
    // A command spawned per request and piped into the response, killed when the response closes.
    `
const { spawn } = require('child_process');
app.get('/video', (req, res) => {
  const ffmpeg = spawn('ffmpeg', ['-i', req.query.file, 'pipe:1']);
  ffmpeg.stdout.pipe(res);
  res.once('close', () => ffmpeg.kill());
});`,
    // A spawned command piped into a file it opened itself: it ends when the command does.
    `
const { spawn } = require('child_process');
app.post('/dump', (req, res) => {
  const dump = spawn('pg_dump', [req.body.db]);
  dump.stdout.pipe(fs.createWriteStream('/tmp/dump.sql'));
  res.sendStatus(202);
});`,
    // A spawned command per request that is not piped anywhere finishes by itself.
    `
const spawn = require('child_process').spawn;
app.get('/status', (req, res) => {
  const git = spawn('git', ['status']);
  git.on('close', (code) => res.json({ code }));
});`,
  ],
  invalid: [
    {
      code: `
const spawn = require('child_process').spawn;
app.get('/', (req, res) => {
  const ffmpeg = spawn(ffmpegPath, ['-ss', req.query.seek, '-i', file, '-f', 'mp4', 'pipe:1']);
  res.writeHead(200, { 'Content-Type': 'video/mp4' });
  ffmpeg.stdout.pipe(res);
  ffmpeg.stderr.on('data', (data) => console.log(data));
});`,
      errors: [{ messageId: 'unterminatedStream', line: 4, column: 18 }],
    },
    {
      code: `
import { Worker } from 'node:worker_threads';
class Resizer {
  constructor() { this.worker = new Worker('./resize.js'); }
  close() { this.queue.clear(); }
}`,
      errors: [{ messageId: 'unterminatedField', line: 4, column: 33 }],
    },
    {
      code: `
const { fork } = require('child_process');
class Supervisor {
  start() { this.child = fork('./agent.js'); this.child.on('message', (m) => this.emit('message', m)); }
  dispose() { this.emit('disposed'); }
}`,
      ...espreeCommonJS,
      errors: [{ messageId: 'unterminatedField', line: 4, column: 26 }],
    },
    {
      code: `
class Tab {
  channel = new BroadcastChannel('sync');
  disconnectedCallback() { this.listeners = []; }
}`,
      errors: [{ messageId: 'unterminatedField', line: 3, column: 13 }],
    },
    {
      code: `
import { Worker } from 'node:worker_threads';
export function resize(image) {
  return new Promise((resolve) => {
    const worker = new Worker('./resize.js');
    worker.postMessage(image);
    worker.on('message', resolve);
  });
}`,
      errors: [{ messageId: 'unterminatedLocal', line: 5, column: 20 }],
    },
    {
      code: `
import * as cp from 'node:child_process';
export function onConnection(socket) {
  const child = cp.fork('./session.js');
  child.send({ id: socket.id });
}`,
      errors: [{ messageId: 'unterminatedLocal', line: 4, column: 17 }],
    },
    {
      code: `
import { Worker } from 'node:worker_threads';
class Pool {
  workers = [];
  run(task) {
    const worker = new Worker('./task.js', { workerData: task });
    this.workers.push(worker);
  }
  runInline(task) { this.workers.push(new Worker('./task.js', { workerData: task })); }
}`,
      errors: [{ messageId: 'growingPool', line: 9, column: 39 }],
    },
    {
      code: `
import { AsyncLocalStorage } from 'node:async_hooks';
const als = new AsyncLocalStorage();
export function middleware(req, res, next) { als.enterWith({ id: req.id }); next(); }`,
      errors: [{ messageId: 'enterWith', line: 4, column: 46 }],
    },
  ],
});
