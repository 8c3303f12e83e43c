import { plugins } from './plugins.js';
import { db } from './deps.js';

export async function init(name: string) {
  try {
    await plugins[name].load();
  } finally {
    await db.flush();
  }
}
