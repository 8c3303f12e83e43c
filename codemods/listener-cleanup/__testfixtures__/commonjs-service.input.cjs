'use strict';
const EventEmitter = require('events');

class Cache extends EventEmitter {
  constructor(store) {
    super();
    this.store = store;
    this.store.on('evict', (key) => this.emit('evict', key));
    setInterval(() => this.prune(), 60 * 1000);
  }

  prune() {}

  close() {
    this.removeAllListeners();
  }
}

module.exports = { Cache };
