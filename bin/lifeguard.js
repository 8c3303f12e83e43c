#!/usr/bin/env node
// The CLI lives in the compiled sources (`npm run build`); this launcher only wires the process to it.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
