// oxlint + Lifeguard vs ESLint + Lifeguard, for bench/lint.js (`npm run bench`): the same
// files, the same rules, CPU and wall time of each CLI and whether the findings are identical.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import lifeguard from '../dist/src/index.js';
import { eslintBin, median, projectRoot, round, runTimedWithCpu } from './process.js';

const oxlintBin = join(projectRoot, 'node_modules', 'oxlint', 'bin', 'oxlint');

/**
 * oxlint + Lifeguard against ESLint + Lifeguard: the same sample (its files in
 * `sample.root/files`), Lifeguard's recommended rules only (oxlint's own rules
 * off; `eslintConfig` must enable the same), each linter's CLI in a child
 * process (ESLint --concurrency=off, oxlint with its default threads),
 * alternating rounds; CPU and wall medians, and whether the findings are
 * identical (path, line, column, rule, message).
 */
export async function compareOxlint(corpusSample, rounds, { eslintConfig: corpusConfig, env = {}, log = console.error }) {
  // oxlint honours the .gitignore of the repository around the sample (bench/.corpus is ignored), so
  // both linters run on the same copy outside it.
  const copy = mkdtempSync(join(tmpdir(), 'lifeguard-bench-oxlint-sample-'));
  cpSync(corpusSample.root, copy, { recursive: true });
  const sample = { ...corpusSample, root: copy };
  const eslintConfig = join(copy, basename(corpusConfig));
  const configFile = join(sample.root, '.oxlintrc.json');
  writeFileSync(
    configFile,
    `${JSON.stringify({ jsPlugins: [join(projectRoot, 'dist', 'src', 'index.js')], categories: { correctness: 'off' }, rules: lifeguard.configs.recommended.rules }, null, 2)}\n`,
  );
  const outputDirectory = mkdtempSync(join(tmpdir(), 'lifeguard-bench-oxlint-'));
  const times = { eslint: { wall: [], cpu: [] }, oxlint: { wall: [], cpu: [] } };
  let eslintKeys;
  let oxlintKeys;
  try {
    for (let index = 0; index < rounds; index++) {
      for (const tool of index % 2 === 0 ? ['eslint', 'oxlint'] : ['oxlint', 'eslint']) {
        let run;
        if (tool === 'eslint') {
          const outputFile = join(outputDirectory, 'eslint.json');
          run = await runTimedWithCpu(process.execPath, [eslintBin, '--config', eslintConfig, '--concurrency=off', '--format', 'json', '--output-file', outputFile, 'files'], { cwd: sample.root, env });
          if (run.code !== 0 && run.code !== 1) throw new Error(`eslint exited with ${run.code}: ${run.stderr.slice(0, 2000)}`);
          // Lifeguard's findings only: ESLint also reports disable comments naming rules of plugins the sample does not load.
          eslintKeys ??= JSON.parse(readFileSync(outputFile, 'utf8'))
            .flatMap((result) => result.messages.filter((message) => message.ruleId?.startsWith('lifeguard/')).map((message) => `${result.filePath.slice(sample.root.length + 1)}:${message.line}:${message.column}:${message.ruleId}:${message.message}`))
            .sort();
        } else {
          run = await runTimedWithCpu(process.execPath, [oxlintBin, '--config', configFile, '--format', 'json', 'files'], { cwd: sample.root });
          if (run.code !== 0 && run.code !== 1) throw new Error(`oxlint exited with ${run.code}: ${run.stderr.slice(0, 2000)}`);
          oxlintKeys ??= JSON.parse(run.stdout)
            .diagnostics.filter((diagnostic) => diagnostic.code?.startsWith('lifeguard('))
            .map((diagnostic) => {
              const { line, column } = diagnostic.labels[0].span;
              return `${diagnostic.filename}:${line}:${column}:${diagnostic.code.replace(/^(\w[\w-]*)\((.+)\)$/, '$1/$2')}:${diagnostic.message}`;
            })
            .sort();
        }
        times[tool].wall.push(run.wallMs);
        times[tool].cpu.push(run.cpuMs);
        log(`  round ${index + 1}/${rounds} ${tool}: ${Math.round(run.wallMs)} ms wall, ${Math.round(run.cpuMs)} ms CPU`);
      }
    }
  } finally {
    rmSync(outputDirectory, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  }
  const onlyEslint = eslintKeys.filter((key) => !oxlintKeys.includes(key));
  const onlyOxlint = oxlintKeys.filter((key) => !eslintKeys.includes(key));
  return {
    rounds,
    eslintWallMs: round(median(times.eslint.wall)),
    eslintCpuMs: round(median(times.eslint.cpu)),
    oxlintWallMs: round(median(times.oxlint.wall)),
    oxlintCpuMs: round(median(times.oxlint.cpu)),
    cpuRatio: round(median(times.eslint.cpu) / median(times.oxlint.cpu), 2),
    wallRatio: round(median(times.eslint.wall) / median(times.oxlint.wall), 2),
    findingsEslint: eslintKeys.length,
    findingsOxlint: oxlintKeys.length,
    sameFindings: onlyEslint.length === 0 && onlyOxlint.length === 0,
    differences: { onlyEslint: onlyEslint.slice(0, 10), onlyOxlint: onlyOxlint.slice(0, 10) },
  };
}

export function printOxlintTable(oxlint) {
  console.log('\noxlint + Lifeguard vs ESLint + Lifeguard (CLI, recommended rules only; CPU = user + system of the process)');
  console.table({
    'ESLint --concurrency=off': { 'median CPU ms': oxlint.eslintCpuMs, 'median wall ms': oxlint.eslintWallMs, findings: oxlint.findingsEslint },
    'oxlint (JS plugins)': { 'median CPU ms': oxlint.oxlintCpuMs, 'median wall ms': oxlint.oxlintWallMs, findings: oxlint.findingsOxlint },
  });
  console.log(`ESLint / oxlint: ${oxlint.cpuRatio}× CPU, ${oxlint.wallRatio}× wall; same findings: ${oxlint.sameFindings}`);
  if (!oxlint.sameFindings) console.log(JSON.stringify(oxlint.differences, null, 2));
}

