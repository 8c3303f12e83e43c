import { db, migrate } from './deps.js';
import { withTimeout } from '../lifeguard-runtime.js';

export async function init() {
  try {
    await withTimeout(migrate(), 15000, 'migrate');
  } finally {
    // Always release the connection, even when a migration fails.
    await db.disconnect();
  }
}
