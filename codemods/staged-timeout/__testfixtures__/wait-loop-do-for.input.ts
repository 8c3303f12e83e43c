import { delay } from './util.js';
import type { Broker } from './broker.js';

export async function waitForBroker(broker: Broker): Promise<void> {
  do {
    await delay(250);
  } while (!broker.connected);
}

export async function waitForLeader(broker: Broker): Promise<string> {
  for (;;) {
    const leader = await broker.leader();
    if (leader) return leader;
    await delay(1000);
  }
}
