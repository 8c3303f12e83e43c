const { EventEmitter } = require('node:events');

class Tail {
  constructor(file) {
    this.file = file;
    process.on('SIGINT', () => this.stop());
  }

  stop() {
    this.file.close();
  }
}

module.exports = Tail;
