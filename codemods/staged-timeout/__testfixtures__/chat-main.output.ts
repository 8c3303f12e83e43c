import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type ChatConfig } from './config.js';
import { HistoryClient } from './history-client.js';
import { ChatServer } from './server.js';
import { deadline, stage, withTimeout } from '../lifeguard-runtime.js';

async function waitUntilReady(history: HistoryClient): Promise<void> {
  const waitDeadline = deadline(15000, 'waitUntilReady');
  while (!history.ready) {
    waitDeadline.check();
    await sleep(50);
  }
}

export async function start(config: ChatConfig = loadConfig()) {
  const history = new HistoryClient(config.historyHost, config.historyPort);
  await withTimeout(history.connect(), 15000, 'history.connect');
  await stage('waitUntilReady', 20000, () => waitUntilReady(history));

  const server = new ChatServer(config, history);
  const port = await server.listen();
  return { port, server };
}
