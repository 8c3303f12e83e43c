import { randomId } from './ids.js';

export class Session {
  constructor(readonly id: string, readonly user: string) {}
}

const sessions = new Map<string, Session>();

export function open(user: string): Session {
  const session = new Session(randomId(), user);
  sessions.set(session.id, session);
  return session;
}

export function find(id: string): Session | undefined {
  return sessions.get(id);
}

export function users(): string[] {
  const result: string[] = [];
  for (const [, session] of sessions) result.push(session.user);
  return result;
}
