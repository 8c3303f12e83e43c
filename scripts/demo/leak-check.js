// The demo's leak check: lifeguard-runtime/testing's checkLeaks() around real
// WebSocket visits to one compiled service version, in a child process.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const checkProcess = fileURLToPath(new URL('./leak-check-process.js', import.meta.url));

/** `{ leaks: [{ kind, description, createdAt }], heapGrowthPerIteration, text }` for the service in `serviceDirectory`. */
export function checkServiceLeaks(serviceDirectory, { visits = 10, iterations = 5 } = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--enable-source-maps', '--no-warnings', checkProcess, serviceDirectory, String(visits), String(iterations)],
      { encoding: 'utf8', timeout: 120_000, env: { ...process.env, LIFEGUARD_TIMEOUT_SCALE: '1' } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`leak check of ${serviceDirectory} failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
      },
    );
  });
}
