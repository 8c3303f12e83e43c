export class Heartbeat {
  constructor(socket) {
    this.socket = socket;
  }

  start() {
    this.pingInterval = setInterval(() => this.ping(), 10000).unref();
  }

  ping() {
    this.socket.send('ping');
  }

  destroy() {
    this.socket.close();
    clearInterval(this.pingInterval);
  }
}
