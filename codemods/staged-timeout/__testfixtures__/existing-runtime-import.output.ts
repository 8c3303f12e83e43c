import { withTimeout, stage } from '../lifeguard-runtime.js';
import { cache, db } from './deps.js';

export async function init() {
  await withTimeout(db.connect(), 10_000, 'db.connect');
  await withTimeout(cache.connect(), 15000, 'cache.connect');
  await stage('warmUp', 20000, () => warmUp());
}

async function warmUp() {
  await withTimeout(cache.load('popular'), 15000, 'cache.load');
}
