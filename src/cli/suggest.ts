/**
 * "Did you mean" for mistyped commands and options: the closest known name
 * within a small edit distance (Damerau–Levenshtein with adjacent swaps, so
 * `--dyr` finds `--dry`), or undefined when nothing is close.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // One edit per three characters, at least one: `scna` → `scan`, but `x` is not `list`.
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(input.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}

/** `util.parseArgs`'s unknown-option error as one line: the option, and the closest known one. */
export function unknownOptionMessage(error: unknown, known: readonly string[]): string | undefined {
  const failure = error as { code?: string; message?: string };
  if (failure.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return undefined;
  const option = /Unknown option '([^']+)'/.exec(failure.message ?? '')?.[1];
  if (!option) return undefined;
  const flags = known.map((name) => (name.length === 1 ? `-${name}` : `--${name}`));
  const suggestion = closest(option, flags);
  return `unknown option ${option}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
}
