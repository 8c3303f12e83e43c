import { tasks } from './registry.js';
import { Task } from './task.js';

export class Scheduler {
  schedule(): void {
    tasks.add(new Task(this));
  }
}
