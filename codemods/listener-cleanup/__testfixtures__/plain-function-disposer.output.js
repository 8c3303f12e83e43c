import { bus } from './bus.js';

export function logUpdates(prefix) {
  const onUpdate = (update) => console.log(prefix, update);
  bus.on('update', onUpdate);
  window.addEventListener('online', refresh);
  return () => {
    bus.off('update', onUpdate);
    window.removeEventListener('online', refresh);
  };
}

function refresh() {}

export function boot(flags) {
  if (flags.verbose) logUpdates('app');
}
