import { setTimeout as sleep } from 'node:timers/promises';
import { isUp } from './health.js';
import { deadline } from '../lifeguard-runtime.js';

export async function waitForDatabase(url: string): Promise<void> {
  // Poll until the container accepts connections.
  const waitDeadline = deadline(15000, 'waitForDatabase');
  while (!(await isUp(url))) {
    waitDeadline.check();
    await sleep(500);
  }
}
