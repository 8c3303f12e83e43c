interface Entry {
  at: number;
  text: string;
}

const entries: Entry[] = [];
const byKey: Record<string, Entry> = {};

export function log(key: string, text: string): void {
  const entry = { at: Date.now(), text };
  entries.push(entry);
  byKey[key] = entry;
}

export function last(key: string): Entry | undefined {
  return byKey[key];
}
