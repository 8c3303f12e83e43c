import { services } from './services.js';

export async function startup(names: string[]) {
  for (const name of names) {
    await services[name]();
  }
  await (await services.resolve('db')).connect();
}
