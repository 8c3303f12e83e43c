const open = new Map<number, Connection>();
let next = 0;

export class Connection {
  readonly id = ++next;
  private closed = false;

  start(): void {
    open.set(this.id, this);
  }

  close(): void {
    if (open.get(this.id) === this) open.delete(this.id);
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

export function find(id: number): Connection | undefined {
  return open.get(id);
}
