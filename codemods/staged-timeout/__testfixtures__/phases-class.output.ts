import type { Db, Queue } from './deps.js';
import { stage, withTimeout } from '../lifeguard-runtime.js';

export class Application {
  constructor(
    private readonly db: Db,
    private readonly queue: Queue,
  ) {}

  async start(): Promise<void> {
    await stage('initDatabase', 20000, () => this.initDatabase());
    await stage('initQueue', 20000, () => this.initQueue());
  }

  private async initDatabase(): Promise<void> {
    await withTimeout(this.db.connect(), 15000, 'this.db.connect');
    await withTimeout(this.db.migrate(), 15000, 'this.db.migrate');
  }

  private initQueue = async (): Promise<void> => {
    await withTimeout(this.queue.connect(), 15000, 'this.queue.connect');
  };
}
