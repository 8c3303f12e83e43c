import { Worker } from 'node:worker_threads';

export class Thumbnailer {
  constructor(file) {
    this.worker = new Worker(file);
  }

  resize(image) {
    this.worker.postMessage(image);
  }

  close() {
    void this.worker?.terminate();
    this.closed = true;
  }
}
