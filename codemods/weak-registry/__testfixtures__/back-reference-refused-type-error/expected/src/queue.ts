import { Job } from './job.js';
import { jobs } from './registry.js';

export class Queue {
  constructor(readonly name: string) {}

  add(id: string): void {
    jobs.set(id, new Job(id, this));
  }
}
