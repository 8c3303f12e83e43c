import { Service } from './service.js';
import { cache, db, queue, register } from './deps.js';
import { withTimeout } from '../lifeguard-runtime.js';

export async function setup() {
  register('db', await withTimeout(db.connect(), 15000, 'db.connect'));
  return new Service(await withTimeout(cache.connect(), 15000, 'cache.connect'), await withTimeout(queue.connect(), 15000, 'queue.connect'), { retries: 3 });
}
