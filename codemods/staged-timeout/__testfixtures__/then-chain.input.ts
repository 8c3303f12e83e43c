import { db, logger } from './deps.js';

export async function bootstrap() {
  await db.connect().then(() => logger.info('db up'));
  const rows = await db
    .query('select 1')
    .then((result) => result.rows)
    .catch(() => []);
  return rows;
}
