import { EventEmitter } from 'node:events';

export class ConfigWatcher extends EventEmitter {
  constructor() {
    super();
    process.on('SIGHUP', () => this.reload());
  }

  reload(): void {
    this.emit('reload');
  }
}
