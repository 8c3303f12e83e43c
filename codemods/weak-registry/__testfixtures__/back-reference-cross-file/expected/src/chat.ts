import { playersById } from './registry.js';

export function say(id: string, text: string): void {
  const player = playersById.get(id);
  if (!player) return;
  player.room?.history.push(text);
  console.log(`${player.room?.name}: ${text}`);
}
