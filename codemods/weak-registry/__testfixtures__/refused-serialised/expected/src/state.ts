export class Draft {
  constructor(readonly text: string) {}
}

const drafts = new Map<string, Draft>();

export function save(id: string, text: string): void {
  drafts.set(id, new Draft(text));
}

export function snapshot(): string {
  return JSON.stringify(drafts);
}
