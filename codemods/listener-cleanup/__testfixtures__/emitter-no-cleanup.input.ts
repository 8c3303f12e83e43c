import { EventEmitter } from 'node:events';

export class ConfigWatcher extends EventEmitter {
  watch(): void {
    process.on('SIGHUP', () => this.reload());
  }

  reload(): void {
    this.emit('reload');
  }
}
