import { pool, fallbackConnection } from './db.js';
import { withTimeout } from '../lifeguard-runtime.js';

export async function init() {
  const connection = (await withTimeout(pool.connect(), 15000, 'pool.connect')) || fallbackConnection;
  const replica = await withTimeout(pool.connectReplica(), 15000, 'pool.connectReplica') ?? connection;
  return { connection, replica };
}
