const hits = new Map<string, number>();

export function hit(path: string): void {
  hits.set(path, (hits.get(path) ?? 0) + 1);
}

export function count(path: string): number {
  return hits.get(path) ?? 0;
}
