export interface Request {
  readonly url: string;
}

interface Meta {
  startedAt: number;
}

const meta: WeakMap<Request, Meta> = new WeakMap();

export function track(request: Request): void {
  meta.set(request, { startedAt: Date.now() });
}

export function elapsed(request: Request): number {
  const entry = meta.get(request);
  return entry ? Date.now() - entry.startedAt : 0;
}
