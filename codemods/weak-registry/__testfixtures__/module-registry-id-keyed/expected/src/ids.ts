let next = 0;

export function randomId(): string {
  next += 1;
  return `s${next}`;
}
