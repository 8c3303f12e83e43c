import type { Client } from './client.js';

export async function init(client: Client, other: Client) {
  await (client.connect());
  (await other.connect()).on('error', console.error);
  await (client.handshake() as Promise<void>);
  await client.session!.open();
}
