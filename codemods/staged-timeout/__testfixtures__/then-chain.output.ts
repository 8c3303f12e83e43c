import { db, logger } from './deps.js';
import { withTimeout } from '../lifeguard-runtime.js';

export async function bootstrap() {
  await withTimeout(db.connect(), 15000, 'db.connect').then(() => logger.info('db up'));
  const rows = await withTimeout(db
    .query('select 1'), 15000, 'db.query')
    .then((result) => result.rows)
    .catch(() => []);
  return rows;
}
