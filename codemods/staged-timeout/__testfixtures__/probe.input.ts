import { elastic, redis } from './deps.js';

export async function initialize() {
  await redis.ping();
  await elastic.cluster.health({ wait_for_status: 'yellow' });
  await elastic.isReady();
  await redis.loadScripts();
}
