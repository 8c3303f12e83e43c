import { parentPort } from 'node:worker_threads';
import type { ChatMessage } from './room.js';

/**
 * Renders a room's history as a plain-text transcript in a thread of its own,
 * so a long history never blocks the chat. It serves every history it is sent
 * for as long as the thread lives.
 */
parentPort?.on('message', (history: ChatMessage[]) => {
  const lines = history.map((message) => `[${new Date(message.at).toISOString()}] ${message.from}: ${message.text}`);
  parentPort?.postMessage(lines.join('\n'));
});
