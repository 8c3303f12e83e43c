import { withTimeout } from '../lifeguard-runtime.js';
import { cache, db } from './deps.js';

export async function init() {
  await withTimeout(db.connect(), 10_000, 'db.connect');
  await cache.connect();
  await warmUp();
}

async function warmUp() {
  await cache.load('popular');
}
