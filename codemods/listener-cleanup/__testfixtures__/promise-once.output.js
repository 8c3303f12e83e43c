export class Connection {
  constructor(socket) {
    this.socket = socket;
  }

  send(message) {
    return new Promise((resolve) => {
      this.socket.write(message);
      this.socket.once('drain', resolve);
    });
  }
}
