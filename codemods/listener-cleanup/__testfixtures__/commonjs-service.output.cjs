'use strict';
const EventEmitter = require('events');

class Cache extends EventEmitter {
  onEvict = (key) => this.emit('evict', key);

  constructor(store) {
    super();
    this.store = store;
    this.store.on('evict', this.onEvict);
    this.pruneInterval = setInterval(() => this.prune(), 60 * 1000);
  }

  prune() {}

  close() {
    this.removeAllListeners();
    this.store.off('evict', this.onEvict);
    clearInterval(this.pruneInterval);
  }
}

module.exports = { Cache };
