import type { Db, Queue } from './deps.js';

export class Application {
  constructor(
    private readonly db: Db,
    private readonly queue: Queue,
  ) {}

  async start(): Promise<void> {
    await this.initDatabase();
    await this.initQueue();
  }

  private async initDatabase(): Promise<void> {
    await this.db.connect();
    await this.db.migrate();
  }

  private initQueue = async (): Promise<void> => {
    await this.queue.connect();
  };
}
