import { bus } from './bus.js';

export function logUpdates(prefix) {
  bus.on('update', (update) => console.log(prefix, update));
  window.addEventListener('online', refresh);
}

function refresh() {}

export function boot(flags) {
  if (flags.verbose) logUpdates('app');
}
