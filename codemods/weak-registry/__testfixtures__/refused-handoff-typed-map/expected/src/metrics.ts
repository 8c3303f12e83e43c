export class Series {
  readonly points: number[] = [];
}

class Metrics {
  readonly series = new Map<string, Series>();

  record(name: string, value: number): void {
    const entry = new Series();
    entry.points.push(value);
    this.series.set(name, entry);
  }
}

export const metrics = new Metrics();
