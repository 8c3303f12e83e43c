import { Room } from './room.js';

class Store {
  private readonly rooms = new Map<string, Room>();

  open(name: string): Room {
    const room = new Room(name);
    this.rooms.set(name, room);
    return room;
  }

  find(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  get count(): number {
    return this.rooms.size;
  }
}

export const store = new Store();
