import { db } from './deps.js';

const stage = process.env.STAGE ?? 'dev';

export async function bootstrap() {
  await connectAll();
  console.log(`started in ${stage}`);
}

async function connectAll() {
  await db.connect();
}
