import type { Queue } from './queue.js';

export class Job {
  constructor(readonly id: string, readonly queue: Queue) {}

  describe(): string {
    return this.queue.name;
  }
}
