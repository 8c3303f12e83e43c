import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { toPosix } from '../util/paths.js';

/**
 * The project cannot be scanned as it is (a config that does not load, a
 * missing or outdated parser, an unreadable file, nothing to lint): one line
 * naming the cause and the fix, exit code 2 — never a stack trace, and never
 * exit 1, which means "findings" to a hook.
 */
export class ScanSetupError extends Error {}

/** The oldest typescript-eslint major whose parser runs under ESLint 9.15+ and 10 with the TypeScript versions Lifeguard supports. */
export const MINIMUM_TYPESCRIPT_ESLINT_MAJOR = 8;

interface SetupContext {
  cwd: string;
  /** The project's flat config, relative to cwd, when there is one. */
  configPath?: string;
}

/**
 * Turns what ESLint (or a module it loads) threw into a {@link ScanSetupError}
 * when the cause is the project's setup; anything else (a bug) is returned
 * unchanged, so it keeps its stack trace.
 */
export function describeSetupError(error: unknown, context: SetupContext): unknown {
  if (error instanceof ScanSetupError || !(error instanceof Error)) return error;
  const failure = error as NodeJS.ErrnoException & { messageTemplate?: string };
  const config = context.configPath ?? 'the ESLint config';
  const firstLine = failure.message.split('\n')[0] ?? '';

  const missing = /Cannot find (?:package|module) '([^']+)'(?: imported from ([^\s]+))?/.exec(failure.message);
  if (missing && (failure.code === 'ERR_MODULE_NOT_FOUND' || failure.code === 'MODULE_NOT_FOUND')) {
    const name = packageName(missing[1]!);
    const from = missing[2] ? display(context.cwd, missing[2].replace(/^file:\/\//, '')) : config;
    if (name) return new ScanSetupError(`${from} imports ${name}, which is not installed: run \`npm install --save-dev ${name}\` (or remove it from ${from})`);
    return new ScanSetupError(`${from} imports ${missing[1]}, which does not exist: fix the path in ${from}`);
  }
  if (failure.code === 'EACCES' || failure.code === 'EPERM') {
    const path = failure.path ? display(context.cwd, failure.path) : 'a file';
    return new ScanSetupError(`cannot read ${path} (permission denied): fix its permissions, or leave it out with --ignore`);
  }
  if (failure.code === 'ENOENT' && failure.path) {
    return new ScanSetupError(`cannot read ${display(context.cwd, failure.path)} (it disappeared or is a broken link): fix the link or leave it out with --ignore`);
  }
  if (failure.code === 'EISDIR' && failure.path) {
    return new ScanSetupError(`${display(context.cwd, failure.path)} is a folder where a file was expected: leave it out with --ignore`);
  }
  if (failure.messageTemplate === 'all-matched-files-ignored' || failure.messageTemplate === 'file-not-found') {
    return new ScanSetupError(`${firstLine}: check the path`);
  }
  // A package under node_modules failed while ESLint loaded or ran it (an outdated parser, a plugin built for another ESLint).
  const culprit = failingPackage(failure.stack ?? '', context.cwd);
  if (culprit) {
    const advice = culprit.name.startsWith('@typescript-eslint/') || culprit.name === 'typescript-eslint'
      ? `typescript-eslint ${MINIMUM_TYPESCRIPT_ESLINT_MAJOR}+ is needed: run \`npm install --save-dev typescript-eslint@^${MINIMUM_TYPESCRIPT_ESLINT_MAJOR} @typescript-eslint/parser@^${MINIMUM_TYPESCRIPT_ESLINT_MAJOR}\``
      : `update it (\`npm install --save-dev ${culprit.name}@latest\`) or check that it supports your ESLint version`;
    return new ScanSetupError(`${culprit.name}${culprit.version ? ` ${culprit.version}` : ''} (${culprit.location}) failed: ${failure.name}: ${firstLine}; ${advice}`);
  }
  if (context.configPath && (error instanceof SyntaxError || /eslint\.config\./.test(failure.stack ?? ''))) {
    return new ScanSetupError(`${config} could not be loaded (${failure.name}: ${firstLine}): fix it, then run \`npx eslint --print-config <file>\` to check`);
  }
  return error;
}

/** `@scope/name` or `name` of a bare specifier; undefined for relative or absolute paths. */
function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || /^[a-z]+:/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The first package under node_modules named in a stack trace, with its version. */
function failingPackage(stack: string, cwd: string): { name: string; version?: string; location: string } | undefined {
  const match = /((?:[^\s(]*[/\\])?node_modules[/\\])((?:@[^/\\]+[/\\])?[^/\\]+)/.exec(stack);
  if (!match) return undefined;
  const base = match[1]!.replace(/^file:\/\//, '');
  const name = match[2]!.split(sep).join('/');
  const directory = join(base, name);
  // A failure inside Lifeguard's own install is not the project's setup: leave it a bug with its stack.
  if (name === 'eslint-plugin-lifeguard' || name === 'eslint') return undefined;
  let version: string | undefined;
  const manifest = join(directory, 'package.json');
  if (existsSync(manifest)) {
    try {
      version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
    } catch {
      version = undefined;
    }
  }
  return { name, ...(version ? { version } : {}), location: display(cwd, dirname(manifest)) };
}

function display(cwd: string, path: string): string {
  const shown = toPosix(relative(cwd, path));
  return shown === '' ? '.' : shown;
}
