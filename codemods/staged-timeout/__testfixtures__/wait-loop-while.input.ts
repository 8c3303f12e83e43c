import { setTimeout as sleep } from 'node:timers/promises';
import { isUp } from './health.js';

export async function waitForDatabase(url: string): Promise<void> {
  // Poll until the container accepts connections.
  while (!(await isUp(url))) {
    await sleep(500);
  }
}
