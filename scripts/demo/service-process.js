// Runs one compiled version of the chat service in its own process (started
// with --expose-gc) and answers the demo's measurement requests over IPC.
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const serviceDirectory = process.argv[2];
const load = (file) => import(pathToFileURL(join(serviceDirectory, file)).href);

const { start } = await load('main.js');
const { bus } = await load('bus.js');
const room = await load('room.js');

async function settledHeap() {
  // Finalizers and WeakRef clearing need turns of the event loop between collections.
  for (let round = 0; round < 6; round += 1) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

function activeTimers() {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

/** The process's live OS threads (Linux: one entry per thread in /proc/self/task), null elsewhere. */
function threads() {
  return existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : null;
}

function indexedConnections() {
  if (typeof room.indexedConnectionCount === 'function') return room.indexedConnectionCount();
  return null;
}

const service = await start({
  port: 0,
  historyHost: '127.0.0.1',
  historyPort: Number(process.env.HISTORY_PORT),
  heartbeatMs: 30_000,
});

process.on('message', async (message) => {
  if (message.type === 'stats') {
    const heapUsed = await settledHeap();
    process.send({
      type: 'stats',
      heapUsed,
      processListeners: process.listenerCount('SIGUSR2'),
      busListeners: bus.listenerCount('announcement'),
      activeTimers: activeTimers(),
      indexedConnections: indexedConnections(),
      threads: threads(),
    });
  } else if (message.type === 'stop') {
    // The leaky version's intervals would keep this process alive: the demo kills it after this answer.
    await service.close();
    process.send({ type: 'stopped' });
  }
});
process.send({ type: 'ready', port: service.port });
