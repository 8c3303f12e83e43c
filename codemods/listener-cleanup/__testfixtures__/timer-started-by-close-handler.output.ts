import { EventEmitter } from 'node:events';

export class ProviderSocket extends EventEmitter {
  shouldConnect = true;
  private connectTimeout?: ReturnType<typeof setTimeout>;

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
      this.connectTimeout = setTimeout(() => {
        this.connect();
      }, this.delay);
    }
  }

  destroy(): void {
    this.shouldConnect = false;
    this.removeAllListeners();
    clearTimeout(this.connectTimeout);
  }
}
