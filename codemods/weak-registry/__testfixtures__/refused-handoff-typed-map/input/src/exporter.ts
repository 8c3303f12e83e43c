import { metrics, type Series } from './metrics.js';

function flush(all: Map<string, Series>): number {
  let total = 0;
  all.forEach((entry) => (total += entry.points.length));
  return total;
}

export function report(): number {
  return flush(metrics.series);
}
