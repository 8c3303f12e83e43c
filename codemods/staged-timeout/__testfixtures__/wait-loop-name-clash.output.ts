import { sleep } from './util.js';
import { deadline } from '../lifeguard-runtime.js';

const waitDeadline = Date.parse('2030-01-01');

export async function waitForFile(exists: () => Promise<boolean>): Promise<void> {
  const waitDeadline2 = deadline(15000, 'waitForFile');
  retry: while (!(await exists())) {
    waitDeadline2.check();
    await sleep(200);
    continue retry;
  }
  console.log(waitDeadline);
}
