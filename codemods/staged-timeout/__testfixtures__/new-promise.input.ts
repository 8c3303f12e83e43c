import { redis } from './deps.js';

export async function start() {
  await new Promise<void>((resolve) => redis.once('ready', resolve));
}
