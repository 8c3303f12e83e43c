export class Poller {
  private timer: ReturnType<typeof setInterval> | undefined;
  private retry?: ReturnType<typeof setTimeout>;

  start(): void {
    this.timer = setInterval(() => this.poll(), 5000);
    this.retry = setTimeout(() => this.poll(), 100);
  }

  poll(): void {}

  stop(): void {
    console.log('stopping');
  }
}
