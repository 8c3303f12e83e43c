import { sleep } from './util.js';

export async function waitUntilListening(server) {
  while (!server.listening) await sleep(100);
  return server.address();
}
