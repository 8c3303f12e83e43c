import { stage, withTimeout } from '../lifeguard-runtime.js';
import { sleep } from './util.js';
import type { Db } from './deps.js';

export async function warmCaches(db: Db) {
  await stage('warm', 8000, async () => {
    while (!db.warm) {
      await sleep(100);
    }
  });
}

export async function main(db: Db) {
  await withTimeout(db.connect(), 5000, 'db.connect');
  await configure(await withTimeout(db.settings(), 15000, 'db.settings'));
}

async function configure(settings: unknown) {
  await db2.apply(settings);
}

declare const db2: { apply(settings: unknown): Promise<void> };
