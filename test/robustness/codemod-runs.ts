import { parse as parseTypeScript } from '@typescript-eslint/typescript-estree';
import * as espree from 'espree';
import { main } from '../../src/cli/main.js';
import type { RunReport } from '../../src/codemod/engine.js';
import { captureStream } from '../codemod/helpers.js';

// What the codemod robustness tests share: a run of the real CLI, and an
// independent check that an output still parses.

/**
 * Why `text` does not parse as the file `path`, or null: typescript-estree for
 * TypeScript (as the engine parses), espree for JavaScript — stricter about
 * TypeScript-only syntax leaking into a `.js` file, and independent of the
 * engine's own check. JavaScript is tried as a module, as CommonJS, then as a
 * sloppy-mode script (`with`).
 */
export function parseError(path: string, text: string): string | null {
  if (/\.[cm]?tsx?$/.test(path)) {
    try {
      parseTypeScript(text, { jsx: path.endsWith('x'), range: true, filePath: path });
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }
  let firstError: string | null = null;
  for (const sourceType of ['module', 'commonjs', 'script'] as const) {
    try {
      espree.parse(text, { ecmaVersion: 'latest', sourceType, ecmaFeatures: { jsx: true } });
      return null;
    } catch (error) {
      firstError ??= (error as Error).message;
    }
  }
  return firstError;
}

/** Runs `lifeguard <name> <paths> --json --cpus 1` in-process and returns its exit code, JSON report and stderr. */
export async function runCli(name: string, cwd: string, paths: readonly string[] = ['.']): Promise<{ code: number; report: RunReport; stderr: string }> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await main([name, ...paths, '--json', '--cpus', '1'], { stdout, stderr, cwd });
  let report: RunReport;
  try {
    report = JSON.parse(stdout.text()) as RunReport;
  } catch {
    throw new Error(`${name}: exit ${code}, no JSON report; stderr:\n${stderr.text().slice(0, 4000)}`);
  }
  return { code, report, stderr: stderr.text() };
}
