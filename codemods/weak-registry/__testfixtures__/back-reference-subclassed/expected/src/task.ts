import type { Scheduler } from './scheduler.js';

export class Task {
  constructor(readonly scheduler: Scheduler) {}
}

export class RetryTask extends Task {
  constructor(scheduler: Scheduler, readonly attempts: number) {
    super(scheduler);
  }
}
