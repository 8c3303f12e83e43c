import { UsageError, type RawCodemodOptions } from '../../src/codemod/types.js';

/** The four budget levels, outermost first: each one must be strictly smaller than the one before. */
export const BUDGET_LEVELS = ['startup', 'phase', 'step', 'probe'] as const;
export type BudgetLevel = (typeof BUDGET_LEVELS)[number];
export type Budgets = Readonly<Record<BudgetLevel, number>>;

export const DEFAULT_BUDGETS: Budgets = { startup: 30_000, phase: 20_000, step: 15_000, probe: 5_000 };

export interface StagedTimeoutOptions {
  readonly budgets: Budgets;
}

/**
 * `--budgets startup=30000,phase=20000,step=15000,probe=5000`; levels not
 * given keep their default. The result must shrink strictly from startup to
 * probe, otherwise the nested budgets the codemod writes would break
 * `consistent-timeout-stages` (an inner budget the outer one always beats).
 */
export function parseStagedTimeoutOptions(raw: RawCodemodOptions): StagedTimeoutOptions {
  const value = raw['budgets'];
  if (value === undefined || value === false) return { budgets: DEFAULT_BUDGETS };
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--budgets needs a value like startup=30000,phase=20000,step=15000,probe=5000`);
  const budgets: Record<BudgetLevel, number> = { ...DEFAULT_BUDGETS };
  for (const entry of value.split(',')) {
    const match = /^\s*([a-z]+)\s*=\s*([\d_]+)\s*$/i.exec(entry);
    if (!match) throw new UsageError(`--budgets: expected <level>=<ms>, got ${JSON.stringify(entry.trim())} (levels: ${BUDGET_LEVELS.join(', ')})`);
    const level = match[1]!.toLowerCase();
    if (!(BUDGET_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--budgets: unknown level ${JSON.stringify(match[1])} (levels: ${BUDGET_LEVELS.join(', ')})`);
    const ms = Number(match[2]!.replaceAll('_', ''));
    if (!Number.isSafeInteger(ms) || ms <= 0) throw new UsageError(`--budgets: ${level} must be a positive whole number of milliseconds, got ${match[2]}`);
    budgets[level as BudgetLevel] = ms;
  }
  for (let index = 1; index < BUDGET_LEVELS.length; index += 1) {
    const outer = BUDGET_LEVELS[index - 1]!;
    const inner = BUDGET_LEVELS[index]!;
    if (budgets[inner] >= budgets[outer]) {
      throw new UsageError(
        `--budgets must shrink from startup to probe: ${inner}=${budgets[inner]} is not smaller than ${outer}=${budgets[outer]} (got ${BUDGET_LEVELS.map((level) => `${level}=${budgets[level]}`).join(',')})`,
      );
    }
  }
  return { budgets };
}
