export class Ticket {
  constructor(readonly owner: string) {}
}

function issue(owner: string): Ticket {
  const ticket = new Ticket(owner);
  return ticket;
}

const makeReceipt = (owner: string) => ({ owner, at: Date.now() });

const tickets = new Map<string, Ticket>();
const receipts = new Map<string, { owner: string; at: number }>();

// The factory creates the value, a local carries it: the registry is still its only holder.
export function book(owner: string, id: string): void {
  const ticket = issue(owner);
  const booked = ticket;
  booked.owner.trim();
  tickets.set(id, booked);
  receipts.set(id, makeReceipt(owner));
}

export function lookup(id: string): Ticket | undefined {
  return tickets.get(id) ?? (receipts.has(id) ? new Ticket(receipts.get(id)!.owner) : undefined);
}
