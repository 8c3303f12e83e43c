import { elastic, redis } from './deps.js';
import { withTimeout } from '../lifeguard-runtime.js';

export async function initialize() {
  await withTimeout(redis.ping(), 5000, 'redis.ping');
  await withTimeout(elastic.cluster.health({ wait_for_status: 'yellow' }), 5000, 'elastic.cluster.health');
  await withTimeout(elastic.isReady(), 5000, 'elastic.isReady');
  await withTimeout(redis.loadScripts(), 15000, 'redis.loadScripts');
}
