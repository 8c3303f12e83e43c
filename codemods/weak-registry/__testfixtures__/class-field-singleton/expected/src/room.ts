export class Room {
  readonly history: string[] = [];
  constructor(readonly name: string) {}
}
