import { EventEmitter } from 'node:events';

export class ProviderSocket extends EventEmitter {
  shouldConnect = true;

  constructor(private readonly delay: number) {
    super();
    this.on('close', this.onClose.bind(this));
  }

  connect(): void {
    this.emit('connecting');
  }

  onClose(): void {
    this.emit('disconnect');
    if (this.shouldConnect) {
      setTimeout(() => {
        this.connect();
      }, this.delay);
    }
  }

  destroy(): void {
    this.shouldConnect = false;
    this.removeAllListeners();
  }
}
