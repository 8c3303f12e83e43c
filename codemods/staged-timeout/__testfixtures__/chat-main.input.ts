import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type ChatConfig } from './config.js';
import { HistoryClient } from './history-client.js';
import { ChatServer } from './server.js';

async function waitUntilReady(history: HistoryClient): Promise<void> {
  while (!history.ready) {
    await sleep(50);
  }
}

export async function start(config: ChatConfig = loadConfig()) {
  const history = new HistoryClient(config.historyHost, config.historyPort);
  await history.connect();
  await waitUntilReady(history);

  const server = new ChatServer(config, history);
  const port = await server.listen();
  return { port, server };
}
