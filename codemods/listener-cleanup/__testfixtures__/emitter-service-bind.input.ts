export class Metrics {
  constructor(private readonly bus: NodeJS.EventEmitter) {
    this.bus.addListener('sample', this.record.bind(this));
  }

  record(value: number): void {
    console.log(value);
  }

  shutdown(): void {
    return;
  }
}
