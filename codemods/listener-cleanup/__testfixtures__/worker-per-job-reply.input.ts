import { Worker } from 'node:worker_threads';
import type { Request, Response } from 'express';

const RESIZER = new URL('./resize-worker.js', import.meta.url);

export function thumbnail(request: Request, response: Response): void {
  const resizer = new Worker(RESIZER);
  resizer.once('message', (image: Buffer) => ({ sent: response.type('png').send(image) }));
  resizer.postMessage({ path: request.params.path, width: 128 });
}
