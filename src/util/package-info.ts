import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  name: string;
  version: string;
  root: string;
}

/**
 * The plugin's own package.json, found by walking up from this module: the
 * same code runs from `src/` (tests) and from `dist/src/` (published).
 */
export function readPackageInfo(): PackageInfo {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'eslint-plugin-lifeguard' && manifest.version) {
        return { name: manifest.name, version: manifest.version, root: directory };
      }
    } catch {
      // No manifest here; keep walking up.
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error('eslint-plugin-lifeguard: cannot find its own package.json');
    directory = parent;
  }
}
