import { bus } from './bus.js';

export function watch(prefix: string): number {
  bus.on('update', (update: unknown) => console.log(prefix, update));
  return 1;
}

const id = watch('x');
console.log(id);
