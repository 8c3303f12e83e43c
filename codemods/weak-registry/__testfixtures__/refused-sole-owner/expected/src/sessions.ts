import { randomId } from './ids.js';

export class Session {
  constructor(readonly user: string) {}
}

const sessions = new Map<string, Session>();

export function open(user: string): string {
  const id = randomId();
  sessions.set(id, new Session(user));
  return id;
}

export function find(id: string): Session | undefined {
  return sessions.get(id);
}

export function users(): string[] {
  const result: string[] = [];
  for (const [, session] of sessions) result.push(session.user);
  return result;
}
