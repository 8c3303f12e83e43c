import { sleep } from './util.js';
import { deadline } from '../lifeguard-runtime.js';

export async function waitUntilListening(server) {
  const waitDeadline = deadline(15000, 'waitUntilListening');
  while (!server.listening) {
    waitDeadline.check();
    await sleep(100);
  }
  return server.address();
}
