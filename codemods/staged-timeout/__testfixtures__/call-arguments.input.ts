import { Service } from './service.js';
import { cache, db, queue, register } from './deps.js';

export async function setup() {
  register('db', await db.connect());
  return new Service(await cache.connect(), await queue.connect(), { retries: 3 });
}
