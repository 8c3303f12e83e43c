import { db, migrate } from './deps.js';

export async function init() {
  try {
    await migrate();
  } finally {
    // Always release the connection, even when a migration fails.
    await db.disconnect();
  }
}
