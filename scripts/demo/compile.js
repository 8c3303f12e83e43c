// Turns a TypeScript service folder into runnable ES modules with TypeScript's
// transpileModule (no type-checking: the codemod tests type-check separately).
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

function sourceFiles(directory) {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(m|c)?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/**
 * Compiles every `.ts` file under `sourceDirectory` into `outDirectory`
 * (same layout, `.js`), marks it an ES module package and links the
 * repository's node_modules so `ws` resolves. `sourceMaps` inlines source maps.
 */
export function compileService(sourceDirectory, outDirectory, nodeModules, { sourceMaps = false } = {}) {
  mkdirSync(outDirectory, { recursive: true });
  for (const file of sourceFiles(sourceDirectory)) {
    const { outputText, diagnostics } = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      reportDiagnostics: true,
      // Inline source maps (the leak check's copy): with --enable-source-maps, creation lines name the .ts lines.
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false, inlineSourceMap: sourceMaps, inlineSources: sourceMaps },
    });
    if (diagnostics?.length) {
      throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
    }
    const target = join(outDirectory, relative(sourceDirectory, file)).replace(/\.(m|c)?ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  writeFileSync(join(outDirectory, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(nodeModules, join(outDirectory, 'node_modules'), 'dir');
  return outDirectory;
}
