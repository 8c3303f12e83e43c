import { delay } from './util.js';
import type { Broker } from './broker.js';
import { deadline } from '../lifeguard-runtime.js';

export async function waitForBroker(broker: Broker): Promise<void> {
  const waitDeadline = deadline(15000, 'waitForBroker');
  do {
    waitDeadline.check();
    await delay(250);
  } while (!broker.connected);
}

export async function waitForLeader(broker: Broker): Promise<string> {
  const waitDeadline2 = deadline(15000, 'waitForLeader');
  for (;;) {
    waitDeadline2.check();
    const leader = await broker.leader();
    if (leader) return leader;
    await delay(1000);
  }
}
