// Runs one compiled version of the chat service with lifeguard-runtime/testing's
// leak check around real WebSocket visits, in this process, and prints the report
// as JSON. Started by leak-check.js with --enable-source-maps, so creation lines
// point at the service's TypeScript.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LeakError, checkLeaks } from '../../runtime/dist/esm/testing.js';
import { churn } from './churn.js';
import { startHistoryStore } from './peers.js';

const [serviceDirectory, visits, iterations] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(join(serviceDirectory, file)).href);
const { start } = await load('main.js');
const { bus } = await load('bus.js');

const store = await startHistoryStore();
// Started before the check: the server, its history connection and their timers are meant to live on.
const service = await start({ port: 0, historyHost: '127.0.0.1', historyPort: store.port, heartbeatMs: 30_000 });
let offset = 0;
const scenario = async () => {
  await churn(service.port, { connections: Number(visits), concurrency: 5, offset });
  offset += Number(visits);
};
let report;
try {
  report = await checkLeaks(scenario, { iterations: Number(iterations), targets: { process, bus }, settleMs: 50 });
} catch (error) {
  if (!(error instanceof LeakError)) throw error;
  report = error.report;
}
const leaks = report.leaks.map(({ kind, description, createdAt, count }) => ({ kind, description, createdAt, count }));
process.stdout.write(`${JSON.stringify({ leaks, heapGrowthPerIteration: report.heapGrowthPerIteration, text: report.format() })}\n`);
await service.close();
await store.close();
// The original's per-connection intervals would keep the process alive.
process.exit(0);
