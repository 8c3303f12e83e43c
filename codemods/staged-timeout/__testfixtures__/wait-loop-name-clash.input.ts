import { sleep } from './util.js';

const waitDeadline = Date.parse('2030-01-01');

export async function waitForFile(exists: () => Promise<boolean>): Promise<void> {
  retry: while (!(await exists())) {
    await sleep(200);
    continue retry;
  }
  console.log(waitDeadline);
}
