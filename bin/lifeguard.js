#!/usr/bin/env node
// The CLI lives in the compiled sources (`npm run build`); this launcher only wires the process to it.
// Installed as both `lifeguard` and `eslint-plugin-lifeguard` (the name `npx` runs before installation).
import { main } from '../dist/src/cli/main.js';

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
if (code === 2) {
  // A setup error was reported in one line; a config or parser that failed to load can leave ESLint with a
  // second, identical rejection that nobody awaits. It must not turn into a stack trace and exit code 1.
  process.on('unhandledRejection', () => {});
}
process.exitCode = code;
