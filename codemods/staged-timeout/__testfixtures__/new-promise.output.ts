import { redis } from './deps.js';
import { withTimeout } from '../lifeguard-runtime.js';

export async function start() {
  await withTimeout(new Promise<void>((resolve) => redis.once('ready', resolve)), 15000, 'redis ready');
}
