import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readPackageInfo } from '../src/util/package-info.js';

/**
 * The runtime as the codemods vendor it into a user's project: one
 * `lifeguard-runtime.ts`, or a `lifeguard-runtime.js` generated from the same
 * source. Node-only (reads the package's files); never imported by the runtime.
 */

/** Path of the runtime source inside the package; it must ship with the package. */
export const RUNTIME_SOURCE_PATH = 'runtime/lifeguard-runtime.ts';

export interface VendorJavaScriptOptions {
  /** `esm` (default) for `import`, `commonjs` for projects that `require()` the file. */
  module?: 'esm' | 'commonjs';
}

function banner(): string {
  const { name, version } = readPackageInfo();
  return (
    `// Vendored from ${name}@${version} (${RUNTIME_SOURCE_PATH}) by \`npx lifeguard\`.\n` +
    `// Edit freely, or replace it with imports from 'lifeguard-runtime'.\n`
  );
}

/** The vendored TypeScript text: the runtime source verbatim, under a banner. */
export function vendoredRuntimeTypeScript(): string {
  const { root } = readPackageInfo();
  return banner() + readFileSync(join(root, RUNTIME_SOURCE_PATH), 'utf8');
}

type TypeScriptApi = typeof import('typescript');

function loadTypeScript(): TypeScriptApi {
  try {
    return createRequire(import.meta.url)('typescript') as TypeScriptApi;
  } catch (error) {
    throw new Error(
      'eslint-plugin-lifeguard: generating lifeguard-runtime.js needs the "typescript" package, an optional peer ' +
        'dependency. Install it (npm install --save-dev typescript), vendor the .ts file, or pass ' +
        "--runtime-module lifeguard-runtime to import the published runtime package instead.",
      { cause: error },
    );
  }
}

/**
 * The vendored JavaScript text, generated from the same source with
 * TypeScript's `transpileModule` (types erased, nothing else changed).
 */
export function vendoredRuntimeJavaScript(options: VendorJavaScriptOptions = {}): string {
  const ts = loadTypeScript();
  const commonjs = options.module === 'commonjs';
  const output = ts.transpileModule(vendoredRuntimeTypeScript(), {
    fileName: 'lifeguard-runtime.ts',
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: commonjs ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext,
      verbatimModuleSyntax: false,
      removeComments: false,
      sourceMap: false,
      newLine: ts.NewLineKind.LineFeed,
    },
  });
  const errors = (output.diagnostics ?? []).filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const text = errors.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')).join('\n');
    throw new Error(`eslint-plugin-lifeguard: cannot transpile the runtime: ${text}`);
  }
  return output.outputText;
}
