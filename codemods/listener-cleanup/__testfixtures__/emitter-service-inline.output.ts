import { EventEmitter } from 'node:events';

export class JobRunner {
  private readonly onJob = (job: any) => {
    this.run(job);
  };

  constructor(private readonly queue: EventEmitter) {
    // Run every job the queue hands out.
    this.queue.on('job', this.onJob);
  }

  private run(job: unknown): void {
    console.log(job);
  }

  close(): void {
    console.log('closed');
    this.queue.off('job', this.onJob);
  }
}
