import { db } from './deps.js';
import { withTimeout } from '../lifeguard-runtime.js';

const stage = process.env.STAGE ?? 'dev';

export async function bootstrap() {
  await connectAll();
  console.log(`started in ${stage}`);
}

async function connectAll() {
  await withTimeout(db.connect(), 15000, 'db.connect');
}
