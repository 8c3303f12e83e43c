import { EventEmitter } from 'node:events';

export class JobRunner {
  constructor(private readonly queue: EventEmitter) {
    // Run every job the queue hands out.
    this.queue.on('job', (job) => {
      this.run(job);
    });
  }

  private run(job: unknown): void {
    console.log(job);
  }

  close(): void {
    console.log('closed');
  }
}
