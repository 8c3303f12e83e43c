import { cache, db, search } from './deps.js';
import { withTimeout } from '../lifeguard-runtime.js';

export async function start() {
  const [connection] = await Promise.all([withTimeout(db.connect(), 15000, 'db.connect'), withTimeout(cache.connect(), 15000, 'cache.connect'), withTimeout(search.checkHealth(), 5000, 'search.checkHealth')]);
  return connection;
}
