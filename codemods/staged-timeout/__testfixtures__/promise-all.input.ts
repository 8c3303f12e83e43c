import { cache, db, search } from './deps.js';

export async function start() {
  const [connection] = await Promise.all([db.connect(), cache.connect(), search.checkHealth()]);
  return connection;
}
