import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../../src/index.js';

const linter = new Linter({ configType: 'flat' });

/**
 * Lints with a codemod's paired rules through ESLint, with the parser a user
 * would have (typescript-eslint for TypeScript, espree for JavaScript): the
 * pairing check asserts that nothing the codemod claims to fix is still reported.
 */
export function createPairedLinter(pairedRules: readonly string[], options: Readonly<Record<string, Record<string, unknown>>> = {}): (text: string, fileName: string) => Linter.LintMessage[] {
  const rules: Linter.RulesRecord = Object.fromEntries(pairedRules.map((rule) => [`lifeguard/${rule}`, options[rule] ? (['error', options[rule]] as Linter.RuleEntry) : ('error' as const)]));
  return (text, fileName) => {
    const typescript = /\.[cm]?tsx?$/u.test(fileName);
    const languageOptions = typescript ? { parser: tsParser as never } : { sourceType: fileName.endsWith('.cjs') ? ('commonjs' as const) : ('module' as const) };
    const messages = linter.verify(text, [{ files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'], plugins: { lifeguard: plugin as never }, rules, languageOptions }], fileName);
    const fatal = messages.find((message) => message.fatal || !message.ruleId);
    if (fatal) throw new Error(`${fileName}: ${fatal.message}`);
    return messages;
  };
}

export interface FixturePair {
  /** The case name (`react-effect`). */
  name: string;
  /** The file name the fixture is parsed as (`.input.` dropped, so `.cjs`/`.tsx`/`.mts` keep their meaning). */
  file: string;
  input: string;
  output: string;
}

/** Every `<case>.input.<ext>` / `<case>.output.<ext>` pair of a codemod's `__testfixtures__` folder, by name. */
export function loadFixturePairs(directory: string): FixturePair[] {
  return readdirSync(directory)
    .filter((name) => name.includes('.input.'))
    .sort()
    .map((name) => ({
      name: name.replace(/\.input\..*$/u, ''),
      file: name.replace('.input.', '.'),
      input: readFileSync(join(directory, name), 'utf8'),
      output: readFileSync(join(directory, name.replace('.input.', '.output.')), 'utf8'),
    }));
}

/** A class that adds listeners to a module-scope emitter and removes one of them in `retire()`, a name only `cleanupMethods` makes a teardown. */
export const RETIRING = `import { bus } from './bus';

export class Metrics {
  start(): void {
    bus.on('sample', this.record);
    bus.on('other', this.other);
  }

  record = (value: number): void => {
    console.log(value);
  };

  other = (): void => {};

  retire(): void {
    bus.off('other', this.other);
  }
}
`;
