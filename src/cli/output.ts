import type { RunReport } from '../codemod/engine.js';

/** The part of a stream the CLI writes to (process.stdout/stderr, or a test buffer). */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** The human-readable summary of a codemod run. */
export function formatSummary(report: RunReport): string {
  const { summary } = report;
  const lines: string[] = [];
  const changedLabel = report.dryRun ? 'would change' : 'changed';
  lines.push(
    `${report.codemod}: ${plural(summary.files, 'file')}: ${summary.changed} ${changedLabel}, ${summary.unchanged} unchanged, ${summary.skipped} skipped, ${summary.failed} failed` +
      (report.dryRun ? ' (dry run: nothing written)' : ''),
  );
  const section = (title: string, entries: string[]): void => {
    if (entries.length === 0) return;
    lines.push('', `${title}:`, ...entries.map((entry) => `  ${entry}`));
  };
  section(report.dryRun ? 'Would change' : 'Changed', report.files.filter((file) => file.status === 'changed').map((file) => file.path));
  section('Skipped', report.files.filter((file) => file.status === 'skipped').map((file) => `${file.path}: ${file.reason ?? 'skipped'}`));
  section('Failed', report.files.filter((file) => file.status === 'failed').map((file) => `${file.path}: ${file.reason ?? 'failed'}`));
  section(
    'Needs manual review',
    report.files.flatMap((file) => file.manualReview.map((item) => `${file.path}:${item.line}:${item.column}  ${item.message}`)),
  );
  let runtimeShown = false;
  for (const runtime of report.runtimes ?? [report.runtime]) {
    if (runtime.kind !== 'file') continue;
    const runtimeLine = {
      written: `wrote ${runtime.path}`,
      'would-write': `would write ${runtime.path}`,
      exists: `using ${runtime.path}`,
      'not-needed': '',
      failed: `could not write ${runtime.path}: ${runtime.reason ?? 'unknown error'}`,
    }[runtime.status];
    if (!runtimeLine) continue;
    if (!runtimeShown) lines.push('');
    runtimeShown = true;
    lines.push(`Runtime: ${runtimeLine}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A one-line progress indicator on a terminal, redrawn in place, throttled. */
export function createProgress(stream: OutputStream, label: string, minimumFiles: number): { update(done: number, total: number): void; clear(): void } {
  let shown = false;
  let lastDraw = 0;
  return {
    update(done, total) {
      if (!stream.isTTY || total < minimumFiles) return;
      const now = Date.now();
      if (done !== total && now - lastDraw < 100) return;
      lastDraw = now;
      shown = true;
      const width = 20;
      const filled = Math.round((done / total) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} files`);
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
