import { services } from './services.js';
import { withTimeout } from '../lifeguard-runtime.js';

export async function startup(names: string[]) {
  for (const name of names) {
    await services[name]();
  }
  await (await withTimeout(services.resolve('db'), 15000, 'services.resolve')).connect();
}
