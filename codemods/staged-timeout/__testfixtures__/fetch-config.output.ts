import { withTimeout } from '../lifeguard-runtime.js';

export async function bootstrap(configUrl: string) {
  const response = await withTimeout(fetch(configUrl), 15000, 'fetch config');
  const flags = await withTimeout(fetch('https://flags.example.com/v1/flags'), 15000, 'fetch flags');
  return { config: await withTimeout(response.json(), 15000, 'response.json'), flags: await flags.json() };
}
