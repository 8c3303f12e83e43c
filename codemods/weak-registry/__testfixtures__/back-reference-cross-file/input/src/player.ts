import type { Room } from './room.js';

export class Player {
  constructor(readonly id: string, readonly room: Room) {}
}
