export class Metrics {
  private readonly boundRecord = this.record.bind(this);

  constructor(private readonly bus: NodeJS.EventEmitter) {
    this.bus.addListener('sample', this.boundRecord);
  }

  record(value: number): void {
    console.log(value);
  }

  shutdown(): void {
    this.bus.removeListener('sample', this.boundRecord);
    return;
  }
}
