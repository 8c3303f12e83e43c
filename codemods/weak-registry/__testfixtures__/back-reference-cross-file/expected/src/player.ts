import type { Room } from './room.js';

export class Player {
  constructor(readonly id: string, private readonly roomRef: WeakRef<Room>) {}

  get room(): Room | undefined {
    return this.roomRef.deref();
  }
}
