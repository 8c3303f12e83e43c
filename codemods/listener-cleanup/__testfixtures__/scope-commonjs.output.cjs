const { EventEmitter } = require('node:events');
const { ListenerScope } = require('../lifeguard-runtime.js');

class Tail {
  scope = new ListenerScope();

  constructor(file) {
    this.file = file;
    this.scope.on(process, 'SIGINT', () => this.stop());
  }

  stop() {
    this.file.close();
    this.scope.dispose();
  }
}

module.exports = Tail;
