import { Player } from './player.js';
import { playersById } from './registry.js';

export class Room {
  readonly history: string[] = [];

  constructor(readonly name: string) {}

  join(id: string): Player {
    const player = new Player(id, new WeakRef(this));
    playersById.set(id, player);
    return player;
  }
}
