import rule from '../../rules/no-unbounded-wait-loop.js';
import { espreeCommonJS, espreeModule, ruleTester } from '../rule-tester.js';

ruleTester.run('no-unbounded-wait-loop', rule, {
  valid: [
    // A worker of a pool: it takes the next task index each turn and returns when the tasks run out.
    `
export async function runTasks(tasks, concurrency) {
  let i = 0;
  async function worker() {
    while (true) {
      const idx = i++;
      if (idx >= tasks.length) return;
      try {
        await probe(tasks[idx]);
      } catch {
        await sleep(100);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
}`,
    // A deadline from the runtime, checked on every turn.
    {
      code: `
import { deadline } from 'eslint-plugin-lifeguard/runtime';
import { setTimeout as sleep } from 'node:timers/promises';

export async function waitForDatabase(db) {
  const d = deadline(30_000, 'wait for db');
  while (!(await db.ping().catch(() => false))) {
    d.check();
    await sleep(500);
  }
}`,
    },
    // A deadline's expired flag in the loop test.
    {
      code: `
async function waitForQueue(queue, d = deadline(10_000, 'queue ready')) {
  while (!d.expired) {
    if (await queue.isReady()) return;
    await sleep(100);
  }
}`,
    },
    // A Date.now() deadline.
    {
      code: `
async function waitForPort(port: number, timeoutMs = 10_000) {
  const start = Date.now();
  while (!(await isPortOpen(port))) {
    if (Date.now() - start > timeoutMs) throw new Error(\`port \${port} not open after \${timeoutMs} ms\`);
    await sleep(250);
  }
}`,
    },
    // performance.now() in the loop test.
    {
      code: `
async function waitFor(condition, ms) {
  const end = performance.now() + ms;
  while (!condition() && performance.now() < end) {
    await delay(50);
  }
}`,
    },
    // process.hrtime.bigint().
    {
      code: `
async function waitForLeader(cluster) {
  const startedAt = process.hrtime.bigint();
  while (!cluster.leader) {
    if (process.hrtime.bigint() - startedAt > 5_000_000_000n) throw new Error('no leader');
    await sleep(100);
  }
}`,
    },
    // A finite for loop: an attempt cap.
    {
      code: `
async function connectWithRetry() {
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      return await withTimeout(db.connect(), 5000, 'db.connect');
    } catch (error) {
      logger.warn({ attempt, error }, 'db connect failed');
      await sleep(attempt * 1000);
    }
  }
  throw new Error('db unreachable');
}`,
    },
    // An attempt counter in the loop test.
    {
      code: `
async function waitForMigrations(maxAttempts = 20) {
  let attempts = 0;
  while (!(await migrationsDone()) && attempts++ < maxAttempts) {
    await sleep(1000);
  }
}`,
    },
    // A retries budget counted down in the body.
    {
      code: `
async function connect() {
  let retries = 10;
  while (true) {
    try {
      await client.connect();
      break;
    } catch (error) {
      retries -= 1;
      if (retries === 0) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}`,
    },
    // do/while with a pre-increment cap.
    {
      code: `
async function poll(job) {
  let attempt = 0;
  let status;
  do {
    await sleep(500);
    status = await job.status();
  } while (status === 'pending' && ++attempt < 60);
  return status;
}`,
    },
    // An abort signal in the loop test.
    {
      code: `
async function waitUntilHealthy(url: string, signal: AbortSignal) {
  while (!signal.aborted) {
    const response = await fetch(url, { signal });
    if (response.ok) return;
    await sleep(1000);
  }
}`,
    },
    // throwIfAborted() in the body.
    {
      code: `
async function waitForFile(path, signal) {
  while (!existsSync(path)) {
    signal.throwIfAborted();
    await delay(100);
  }
}`,
    },
    // timers/promises setTimeout with a signal: the abort ends the wait.
    {
      code: `
import { setTimeout } from 'node:timers/promises';

export async function waitForReplica(replica, signal) {
  while (!(await replica.isReady())) {
    await setTimeout(1000, undefined, { signal });
  }
}`,
    },
    // A consumer loop awaits work, not a delay.
    {
      code: `
export async function runWorker(queue) {
  while (true) {
    const job = await queue.next();
    await handle(job);
  }
}`,
    },
    // A worker that sleeps between batches runs for the life of the service (no exit).
    {
      code: `
async function drainOutbox() {
  while (true) {
    const batch = await outbox.take(100);
    if (batch.length === 0) {
      await sleep(1000);
      continue;
    }
    await publish(batch);
  }
}`,
    },
    // A poller stopped by a running flag.
    {
      code: `
class MetricsPoller {
  private running = false;

  async start() {
    this.running = true;
    while (this.running) {
      await this.collect();
      await sleep(this.intervalMs);
    }
  }

  stop() {
    this.running = false;
  }
}`,
    },
    // A poller stopped by a stopped flag.
    {
      code: `
async function pollForever(state) {
  while (!state.stopped) {
    await refreshCache();
    await delay(60_000);
  }
}`,
    },
    // for await consumes a stream.
    {
      code: `
async function consume(subscription) {
  for await (const message of subscription) {
    await handle(message);
    await sleep(10);
  }
}`,
    },
    // for...of over a finite list.
    {
      code: `
async function warmUp(urls) {
  for (const url of urls) {
    await fetch(url);
    await sleep(100);
  }
}`,
    },
    // A loop without awaits.
    {
      code: `
function last(node) {
  while (node.next) node = node.next;
  return node;
}`,
    },
    // The delay belongs to a callback, not the loop.
    {
      code: `
function schedule(tasks) {
  let index = 0;
  while (index < tasks.length) {
    const task = tasks[index++];
    queueMicrotask(async () => {
      await sleep(10);
      task();
    });
  }
}`,
    },
    // Inside a stage, the loop checks the stage's signal.
    {
      code: `
await stage('wait-for-kafka', 30_000, async (signal) => {
  while (!(await admin.describeCluster().then(() => true, () => false))) {
    signal.throwIfAborted();
    await sleep(500);
  }
});`,
      ...espreeModule,
    },
    // CommonJS: a retry loop with an attempt cap.
    {
      code: `
const { setTimeout: pauseFor } = require('node:timers/promises');

async function main() {
  for (let i = 0; i < 10; i++) {
    if (await ping()) break;
    await pauseFor(1000);
  }
}

main();`,
      ...espreeCommonJS,
    },
    // A probe loop bounded by an attempt cap in a for test.
    {
      code: `
async function waitForRedis(redis) {
  for (let i = 0; i < 30 && (await redis.ping()) !== 'PONG'; i++) {
    await sleep(1000);
  }
}`,
    },
    // An unknown function is not a delay (configure delayFunctions).
    {
      code: `
async function waitForSync() {
  while (!synced) {
    await nap(100);
  }
}`,
    },
    // timeoutHelpers: a project's own deadline helper.
    {
      code: `
async function waitForLock(lock) {
  const budget = timeBudget(5000);
  while (!(await lock.tryAcquire())) {
    budget.check();
    await sleep(50);
  }
}`,
      options: [{"timeoutHelpers": ["timeBudget"]}],
    },
    // p-retry instead of a loop.
    {
      code: `
import pRetry from 'p-retry';

export const connect = () => pRetry(() => withTimeout(db.connect(), 5000, 'db'), { retries: 5 });`,
    },
    // Attempts counted with an assignment.
    {
      code: `
async function waitForIndex(search) {
  let tries = 0;
  while (!(await search.indexExists('products'))) {
    tries = tries + 1;
    if (tries > 20) throw new Error('index missing');
    await sleep(500);
  }
}`,
    },
    // A flag set by a timer, tested in a condition (vitest's expect.poll).
    {
      code: `
async function poll(fn, timeout, interval) {
  let hasTimedOut = false;
  const timerId = setTimeout(() => {
    hasTimedOut = true;
  }, timeout);
  try {
    while (true) {
      const isLastAttempt = hasTimedOut;
      try {
        return await fn();
      } catch (error) {
        if (isLastAttempt) throw error;
        await delay(interval);
      }
    }
  } finally {
    clearTimeout(timerId);
  }
}`,
    },
    // A queue that waits for items: a wait without a duration is not a delay (bullmq's AsyncFifoQueue).
    {
      code: `
class AsyncFifoQueue {
  async fetch() {
    while (this.queue.length === 0) {
      await this.wait();
    }
    return this.queue.shift();
  }
}`,
    },
    // A worker loop stopped by either of two flags (bullmq's Worker).
    {
      code: `
async function mainLoop(worker) {
  while (!(worker.closing || worker.paused) && !(await worker.waitForCapacity())) {
    await delay(worker.opts.drainDelay);
  }
}`,
    },
    // Each turn that does not end waits for the user in a dialog, and cancelling throws: the user bounds it.
    `
export async function ensureAccess(dir) {
  for (;;) {
    if (await checkDirWriteAccess(dir)) break;
    const chosen = await askForInputDir(dir);
    if (chosen == null) throw new Error('declined');
  }
}`,
    // An interactive prompt until the answer is valid.
    `
async function askPort(rl) {
  while (true) {
    const answer = await rl.question('Port? ');
    if (await isFree(Number(answer))) return Number(answer);
    await sleep(10);
  }
}`,
  ],
  invalid: [
    // The same access loop without a person in it polls forever.
    {
      code: `
export async function ensureAccess(dir) {
  for (;;) {
    if (await checkDirWriteAccess(dir)) break;
    await sleep(1000);
  }
}`,
      errors: [{ messageId: 'unboundedWaitLoop', line: 3, column: 3 }],
    },
    // A server selection is a network wait, not a question to a person.
    {
      code: `
async function connect(topology) {
  while (true) {
    try {
      await topology.selectServer();
      break;
    } catch {
      await sleep(500);
    }
  }
}`,
      errors: [{ messageId: 'unboundedWaitLoop', line: 3, column: 3 }],
    },
    // Waits for a database forever.
    {
      code: `
import { setTimeout as sleep } from 'node:timers/promises';

export async function waitForDatabase(db) {
  while (!(await db.ping().catch(() => false))) {
    await sleep(500);
  }
}`,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 5, column: 3 },
      ],
    },
    // The classic retry-forever connect.
    {
      code: `
async function connect() {
  while (true) {
    try {
      await client.connect();
      break;
    } catch (error) {
      logger.warn(error, 'retrying');
      await sleep(1000);
    }
  }
}`,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 3, column: 3 },
      ],
    },
    // do/while polling the file system.
    {
      code: `
async function waitForSocket(socketPath) {
  do {
    await delay(200);
  } while (!fs.existsSync(socketPath));
}`,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 3, column: 3 },
      ],
    },
    // for(;;) health polling with a hand-made timer promise.
    {
      code: `
async function waitUntilHealthy(healthUrl) {
  for (;;) {
    const response = await fetch(healthUrl, { signal: AbortSignal.timeout(1000) });
    if (response.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}`,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 3, column: 3 },
      ],
    },
    // timers/promises setTimeout under its own name.
    {
      code: `
import { setTimeout } from 'timers/promises';

export async function waitConnected(socket) {
  while (!socket.connected) {
    await setTimeout(100);
  }
}`,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 5, column: 3 },
      ],
    },
    // A probe re-run without any delay or bound.
    {
      code: `
async function waitForRedis(redis) {
  while ((await redis.ping()) !== 'PONG') {}
}`,
      errors: [
        { messageId: 'unboundedProbeLoop', line: 3, column: 3 },
      ],
    },
    // A probe checked in the body with a break.
    {
      code: `
async function waitForBroker() {
  while (true) {
    if (await checkBroker()) break;
  }
}`,
      errors: [
        { messageId: 'unboundedProbeLoop', line: 3, column: 3 },
      ],
    },
    // A counter that is only logged is not a cap.
    {
      code: `
async function waitForLeader(cluster) {
  let attempt = 0;
  while (!cluster.leader) {
    attempt++;
    logger.info({ attempt }, 'waiting for leader');
    await sleep(1000);
  }
}`,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 4, column: 3 },
      ],
    },
    // A class method sleeping through its own helper.
    {
      code: `
class Connection {
  async waitUntilReady() {
    while (this.state !== 'ready') {
      await this.sleep(50);
    }
  }

  sleep(ms: number) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}`,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 4, column: 5 },
      ],
    },
    // CommonJS: timers/promises through require under another name.
    {
      code: `
const { setTimeout: pauseFor } = require('node:timers/promises');

async function main() {
  while (!(await isMigrated())) {
    await pauseFor(1000);
  }
}

main();`,
      ...espreeCommonJS,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 5, column: 3 },
      ],
    },
    // scheduler.wait.
    {
      code: `
async function waitForCache(cache) {
  while (cache.size === 0) {
    await scheduler.wait(100);
  }
}`,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 3, column: 3 },
      ],
    },
    // A wait for a server to listen, in plain JS with a statement body.
    {
      code: `
export async function ready(server) {
  while (!server.listening) await sleep(10);
  return server.address();
}`,
      ...espreeModule,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 3, column: 3 },
      ],
    },
    // delayFunctions: a project's own delay.
    {
      code: `
async function waitForSync() {
  while (!synced) {
    await nap(100);
  }
}`,
      options: [{"delayFunctions": ["nap"]}],
      errors: [
        { messageId: 'unboundedWaitLoop', line: 3, column: 3 },
      ],
    },
    // A stage's timeout does not stop a loop that never checks its signal.
    {
      code: `
await stage('wait-for-kafka', 30_000, async () => {
  while (!(await kafkaReady())) {
    await sleep(500);
  }
});`,
      ...espreeModule,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 3, column: 3 },
      ],
    },
    // Waiting for in-flight requests to drain.
    {
      code: `
export async function drain(pending: Set<Promise<unknown>>) {
  while (pending.size > 0) {
    await sleep(100);
  }
}`,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 3, column: 3 },
      ],
    },
    // A retry loop that returns on success.
    {
      code: `
async function connectProducer(producer) {
  for (;;) {
    try {
      return await producer.connect();
    } catch (error) {
      await delay(2000);
    }
  }
}`,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 3, column: 3 },
      ],
    },
    // A bounded outer loop does not bound an inner wait.
    {
      code: `
async function warmReplicas(replicas) {
  for (let i = 0; i < replicas.length; i++) {
    while (!(await replicas[i].isReady())) {
      await sleep(100);
    }
  }
}`,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 4, column: 5 },
      ],
    },
    // kafkajs-style status polling.
    {
      code: `
async function waitForProducer(producer) {
  while (producer.status !== 'ready') await sleep(100);
}`,
      errors: [
        { messageId: 'unboundedWaitLoop', line: 3, column: 3 },
      ],
    },
  ],
});
