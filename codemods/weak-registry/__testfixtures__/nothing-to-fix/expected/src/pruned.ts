export class Session {
  constructor(readonly id: string) {}
}

const sessions = new Map<string, Session>();

export function open(id: string): Session {
  const session = new Session(id);
  sessions.set(id, session);
  return session;
}

export function close(id: string): void {
  sessions.delete(id);
}
