export class Session {
  constructor(readonly user: string) {}
}

class SessionStore {
  readonly sessions = new Map<string, Session>();

  add(id: string, user: string): void {
    this.sessions.set(id, new Session(user));
  }
}

export const store = new SessionStore();
