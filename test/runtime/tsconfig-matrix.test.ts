import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vendoredRuntimeTypeScript } from '../../runtime/vendor.js';
import { MATRIX, typeCheck, writeMatrixProject } from './tsconfig-matrix.js';

/**
 * The vendored lifeguard-runtime.ts must compile in the user's project, whatever
 * its tsconfig: the codemods report success only if it does. TypeScript's
 * compiler checks each configuration, in this process (test/typescript.ts).
 */
const root = mkdtempSync(join(tmpdir(), 'lifeguard-tsconfig-matrix-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('vendored runtime under users\' tsconfigs', () => {
  it.each(MATRIX.map((config, index) => [config.name, index] as const))('compiles: %s', (_name, index) => {
    const directory = join(root, String(index));
    writeMatrixProject(directory, MATRIX[index]!, vendoredRuntimeTypeScript());
    expect(typeCheck(directory)).toBe('');
  }, 120_000);

  it('fails where it should: the index-signature access this file once had is reported', () => {
    const directory = join(root, 'negative');
    const regressed = vendoredRuntimeTypeScript().replace(
      'env?: { readonly LIFEGUARD_TIMEOUT_SCALE?: string | undefined };',
      'env?: Record<string, string | undefined>;',
    );
    expect(regressed).not.toBe(vendoredRuntimeTypeScript());
    writeMatrixProject(directory, MATRIX[0]!, regressed);
    expect(typeCheck(directory)).toMatch(/^lifeguard-runtime\.ts\(\d+,\d+\): error TS4111: Property 'LIFEGUARD_TIMEOUT_SCALE' comes from an index signature/m);
  }, 120_000);
});
