import { withTimeout } from '../lifeguard-runtime.js';
import { db } from './deps.js';

export async function start() {
  await withTimeout(db.connect(), 10_000, 'db.connect');
  await db.query('select 1', { timeout: 2000 });
  const response = await fetch('https://example.com/config', { signal: AbortSignal.timeout(3000) });
  return response.json();
}

export async function handle(id: string) {
  return db.find(id);
}
