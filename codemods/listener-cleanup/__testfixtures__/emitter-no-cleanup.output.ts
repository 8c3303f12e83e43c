import { EventEmitter } from 'node:events';

export class ConfigWatcher extends EventEmitter {
  private readonly onSighup = () => this.reload();

  watch(): void {
    process.on('SIGHUP', this.onSighup);
  }

  reload(): void {
    this.emit('reload');
  }

  dispose(): void {
    process.off('SIGHUP', this.onSighup);
  }
}
