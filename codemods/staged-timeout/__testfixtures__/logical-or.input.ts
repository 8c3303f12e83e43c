import { pool, fallbackConnection } from './db.js';

export async function init() {
  const connection = (await pool.connect()) || fallbackConnection;
  const replica = await pool.connectReplica() ?? connection;
  return { connection, replica };
}
