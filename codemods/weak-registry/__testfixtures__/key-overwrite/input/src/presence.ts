export class Presence {
  constructor(readonly user: string, readonly since: number) {}
}

const byUser = new Map<string, Presence>()

// The same user reconnecting overwrites the key: the registry keeps the newest value.
export function connect(user: string) {
  const presence = new Presence(user, Date.now())
  byUser.set(user, presence)
  return presence
}

export function isOnline(user: string) {
  return byUser.has(user)
}
