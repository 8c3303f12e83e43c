import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../codemod/types.js';
import { unknownOptionMessage } from './suggest.js';

export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** `util.parseArgs` in strict mode, its errors turned into usage errors (exit 2, with "did you mean"). */
export function parseCommandArgs(
  args: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
  allowPositionals: boolean,
): { values: ParsedValues; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals, strict: true });
    return { values: parsed.values as ParsedValues, positionals: parsed.positionals };
  } catch (error) {
    const known = Object.entries(options).flatMap(([name, option]) => [name, ...(option.short ? [option.short] : [])]);
    throw new UsageError(unknownOptionMessage(error, known) ?? (error instanceof Error ? error.message : String(error)));
  }
}
