import type { Client } from './client.js';
import { withTimeout } from '../lifeguard-runtime.js';

export async function init(client: Client, other: Client) {
  await (withTimeout(client.connect(), 15000, 'client.connect'));
  (await withTimeout(other.connect(), 15000, 'other.connect')).on('error', console.error);
  await (withTimeout(client.handshake(), 15000, 'client.handshake') as Promise<void>);
  await withTimeout(client.session!.open(), 15000, 'client.session.open');
}
