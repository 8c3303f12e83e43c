export interface User {
  id: string;
  name: string;
}

// A cache by name: its values come from callers this file does not show.
const userCache = new Map<string, User>();

export function rememberUser(user: User): void {
  userCache.set(user.id, user);
}

export function cachedUser(id: string): User | undefined {
  return userCache.get(id);
}

export class Profile {
  constructor(readonly id: string) {}
}

// Caches by shape: get-or-create. Handing the value out does not make the caller keep it.
const profiles = new Map<string, Profile>();

export function profileOf(id: string): Profile {
  if (!profiles.has(id)) profiles.set(id, new Profile(id));
  return profiles.get(id)!;
}

const views = new Map<string, Profile>();

export function viewOf(id: string): Profile {
  const found = views.get(id);
  if (found) return found;
  const view = new Profile(id);
  views.set(id, view);
  return view;
}

// Values from a parameter of an exported function: maybe the only holder.
const drafts = new Map<string, Profile>();

export function keepDraft(id: string, draft: Profile): void {
  drafts.set(id, draft);
}

export function draftOf(id: string): Profile | undefined {
  return drafts.get(id);
}
