#!/usr/bin/env node
// Precision on real code (a benchmark, not a test):
//   `npm run precision [-- --json] [-- --only a,b] [-- --docs] [-- --from earlier.json]`.
// Materialises every repository of corpus.json at its pinned commit under bench/precision/.repos/
// (from a local bare mirror when there is one, else a clone), lints its own JS/TS files with ESLint's
// Node API and `lifeguard.configs.recommended` as a user would, and compares the findings with the
// hand judgements in judgements.jsonl, matched by (repo, file, rule, trimmed line text). `--docs` rewrites the
// "Precision on real code" section of docs/benchmarks.md (between its precision:start/end markers).
// Exit status: 0 unless something failed (a repository that cannot be had, ESLint throwing); files that
// do not parse are listed, not fatal.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import lifeguard from '../../dist/src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const reposDirectory = join(here, '.repos');
const mirrorRoot = process.env.LIFEGUARD_MIRRORS ?? '/work/.mirror';

const SOURCE = /\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx)$/;
/** Not the repository's own hand-written code: dependencies, build output, vendored or minified files. */
const NOT_OWN = /(?:^|\/)(?:node_modules|dist|build|coverage|vendor|vendors|bower_components|\.yarn)\/|\.min\.[cm]?js$|[.-]bundle\.[cm]?js$/;
const MAX_BYTES = 512 * 1024;
const VERDICTS = new Set(['TP', 'FP', 'debatable']);

/** The trimmed source text of a finding's line: the stable part of its key. */
export function keyOf({ repo, file, rule, text }) {
  return JSON.stringify([repo, file, rule, text]);
}

/** The pinned repositories: corpus.json, or the given corpus files of bench/precision/ (e.g. worker-corpus.json). */
export function readCorpus(files = ['corpus.json']) {
  // A repository listed in two corpus files (the worker corpus overlaps the main one) is linted once.
  const seen = new Set();
  return files.flatMap((file) => JSON.parse(readFileSync(join(here, file), 'utf8'))).filter((entry) => !seen.has(entry.name) && seen.add(entry.name));
}

export function readJudgements() {
  const path = join(here, 'judgements.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      let judgement;
      try {
        judgement = JSON.parse(line);
      } catch {
        throw new Error(`judgements.jsonl line ${index + 1} is not JSON`);
      }
      if (!VERDICTS.has(judgement.verdict) || !judgement.reason || !judgement.repo || !judgement.file || !judgement.rule || typeof judgement.text !== 'string') {
        throw new Error(`judgements.jsonl line ${index + 1} needs repo, file, rule, text, a verdict of TP, FP or debatable, and a reason`);
      }
      return judgement;
    });
}

function git(args, options = {}) {
  return execFileSync('git', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
}

/** The repository at its pinned commit, in .repos/<name>; a no-op when it is already there. */
function materialise({ name, repo, commit }) {
  const into = join(reposDirectory, name);
  const stamp = join(into, '.lifeguard-commit');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === commit) return into;
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  const mirror = join(mirrorRoot, repo.replace('/', '+'), 'repo');
  let gitDirectory = mirror;
  if (!existsSync(mirror)) {
    gitDirectory = join(reposDirectory, `${name}.git`);
    if (!existsSync(gitDirectory)) git(['clone', '--bare', '--filter=blob:none', `https://github.com/${repo}.git`, gitDirectory], { stdio: 'inherit' });
  }
  let archive;
  try {
    archive = execFileSync('git', ['--git-dir', gitDirectory, 'archive', '--format=tar', commit], { maxBuffer: 1024 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    // A mirror may lack its largest blobs (models, images): the JS/TS files are all that is linted.
    const sources = git(['--git-dir', gitDirectory, 'ls-tree', '-r', '-z', '--name-only', commit]).split('\0').filter((path) => SOURCE.test(path) && !NOT_OWN.test(path));
    archive = execFileSync('git', ['--git-dir', gitDirectory, 'archive', '--format=tar', commit, '--', ...sources.map((path) => `:(literal)${path}`)], { maxBuffer: 1024 * 1024 * 1024 });
  }
  execFileSync('tar', ['-x', '-C', into], { input: archive, maxBuffer: 1024 * 1024 * 1024 });
  writeFileSync(stamp, commit);
  return into;
}

/** The repository's own JS/TS files, relative to its root (or its subdirectory). */
function listFiles(base) {
  const out = [];
  const walk = (directory, prefix) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (NOT_OWN.test(`${relative}/`) || entry.name === '.git') continue;
        walk(join(directory, entry.name), relative);
      } else if (entry.isFile() && SOURCE.test(entry.name) && !NOT_OWN.test(relative)) {
        if (statSync(join(directory, entry.name)).size <= MAX_BYTES) out.push(relative);
      }
    }
  };
  walk(base, '');
  return out.sort();
}

/**
 * `configs.recommended`, or with `rules` (full ids) only those rules: at recommended's setting when it
 * has one, else at `error` with their defaults (how a user turns on a rule outside recommended).
 */
function config(rules) {
  const recommended = lifeguard.configs.recommended;
  const selected = rules
    ? { ...recommended, rules: Object.fromEntries(rules.map((rule) => [rule, recommended.rules[rule] ?? 'error'])) }
    : recommended;
  return [
    {
      files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
      languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    selected,
  ];
}

async function lintRepository(entry, rules) {
  const root = materialise(entry);
  const base = entry.subdirectory ? join(root, entry.subdirectory) : root;
  const files = listFiles(base);
  let lines = 0;
  const texts = new Map();
  for (const file of files) {
    const text = readFileSync(join(base, file), 'utf8');
    texts.set(file, text);
    for (const line of text.split('\n')) if (line.trim()) lines += 1;
  }
  const eslint = new ESLint({
    cwd: base,
    overrideConfigFile: true,
    overrideConfig: config(rules),
    allowInlineConfig: false,
    warnIgnored: false,
    errorOnUnmatchedPattern: false,
  });
  const results = await eslint.lintFiles(files);
  const findings = [];
  const errors = [];
  let linted = 0;
  for (const result of results) {
    const file = result.filePath.slice(base.length + 1).split('\\').join('/');
    linted += 1;
    const sourceLines = (texts.get(file) ?? '').split('\n');
    for (const message of result.messages) {
      if (message.fatal || !message.ruleId) {
        errors.push({ repo: entry.name, file, line: message.line, message: message.message });
        continue;
      }
      findings.push({
        repo: entry.name,
        file,
        rule: message.ruleId,
        line: message.line,
        text: (sourceLines[message.line - 1] ?? '').trim(),
        message: message.message,
      });
    }
  }
  return { name: entry.name, repo: entry.repo, commit: entry.commit, files: files.length, linted, lines, findings, errors };
}

function pct(numerator, denominator) {
  return denominator ? `${Math.round((100 * numerator) / denominator)} %` : '–';
}

export async function runPrecision({ only, rules, corpusFiles } = {}) {
  const corpus = readCorpus(corpusFiles).filter((entry) => !only || only.includes(entry.name));
  const repositories = [];
  for (const entry of corpus) {
    process.stderr.write(`${entry.name} …`);
    const started = Date.now();
    const result = await lintRepository(entry, rules);
    process.stderr.write(` ${result.files} files, ${result.findings.length} findings, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    repositories.push(result);
  }
  return summarise(repositories, rules);
}

/**
 * The report from linted repositories (each with its findings and errors), matched against the
 * judgements as they are now. Also rebuilds a report from an earlier `--json` one (`--from`).
 */
export function summarise(repositories, selectedRules) {
  const byKey = new Map(readJudgements().map((judgement) => [keyOf(judgement), judgement]));
  const findings = repositories.flatMap((repository) => repository.findings);
  for (const finding of findings) finding.verdict = byKey.get(keyOf(finding))?.verdict ?? null;
  const lines = repositories.reduce((sum, repository) => sum + repository.lines, 0);
  const kloc = lines / 1000;
  const rules = {};
  for (const rule of selectedRules ?? Object.keys(lifeguard.configs.recommended.rules)) rules[rule] = { findings: 0, TP: 0, FP: 0, debatable: 0, unjudged: 0 };
  for (const finding of findings) {
    const row = (rules[finding.rule] ??= { findings: 0, TP: 0, FP: 0, debatable: 0, unjudged: 0 });
    row.findings += 1;
    row[finding.verdict ?? 'unjudged'] += 1;
  }
  const total = { findings: 0, TP: 0, FP: 0, debatable: 0, unjudged: 0 };
  for (const row of Object.values(rules)) for (const key of Object.keys(total)) total[key] += row[key];
  for (const row of [...Object.values(rules), total]) {
    row.perKloc = kloc ? row.findings / kloc : 0;
    row.precision = row.TP + row.FP + row.debatable ? row.TP / (row.TP + row.FP + row.debatable) : null;
  }
  return {
    repositories: repositories.map(({ findings: repositoryFindings, ...rest }) => ({ ...rest, findings: repositoryFindings.length })),
    kloc,
    rules,
    total,
    unjudged: findings.filter((finding) => !finding.verdict),
    findings,
    errors: repositories.flatMap((repository) => repository.errors),
  };
}

function table(report) {
  const out = [];
  const files = report.repositories.reduce((sum, repository) => sum + repository.files, 0);
  out.push('| Repository | Commit | Files | KLOC | Findings |', '| --- | --- | ---: | ---: | ---: |');
  for (const repository of report.repositories) {
    out.push(`| ${repository.repo} | \`${repository.commit.slice(0, 10)}\` | ${repository.files} | ${(repository.lines / 1000).toFixed(1)} | ${repository.findings} |`);
  }
  out.push(`| **${report.repositories.length} repositories** | | ${files} | ${report.kloc.toFixed(1)} | ${report.total.findings} |`, '');
  out.push('| Rule | Findings | TP | FP | Debatable | Unjudged | Precision | Per KLOC |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const row = (name, r) => {
    const judged = r.TP + r.FP + r.debatable;
    out.push(`| ${name} | ${r.findings} | ${r.TP} | ${r.FP} | ${r.debatable} | ${r.unjudged} | ${pct(r.TP, judged)} | ${r.perKloc.toFixed(3)} |`);
  };
  for (const [name, r] of Object.entries(report.rules)) row(name, r);
  row('**all**', report.total);
  return out.join('\n');
}

function writeDocs(report, lifeguardCommit) {
  const docsFile = join(here, '..', '..', 'docs', 'benchmarks.md');
  const files = report.repositories.reduce((sum, repository) => sum + repository.files, 0);
  const section = [
    '<!-- precision:start -->',
    '## Precision on real code',
    '',
    `_Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run precision\` (bench/precision/), Lifeguard at \`${lifeguardCommit}\`._`,
    '',
    `\`configs.recommended\`, as a user runs it, on ${report.repositories.length} public repositories of long-running code pinned by commit`,
    `(bench/precision/corpus.json): ${files} JS/TS files, ${report.kloc.toFixed(1)} KLOC (non-blank lines) with their tests, examples and scripts,`,
    'leaving out node_modules, build output and vendored or minified files. Every finding is judged by hand in',
    'bench/precision/judgements.jsonl: TP only when the concrete leak or hang can be described; debatable counts against precision.',
    '',
    table(report),
    '<!-- precision:end -->',
    '',
  ].join('\n');
  const previous = existsSync(docsFile) ? readFileSync(docsFile, 'utf8') : '# Benchmarks\n';
  const marked = /<!-- precision:start -->[\s\S]*<!-- precision:end -->\n?/;
  writeFileSync(docsFile, marked.test(previous) ? previous.replace(marked, section) : `${previous.trimEnd()}\n\n${section}`);
  process.stderr.write(`precision: wrote ${docsFile}\n`);
}

function print(report) {
  console.log(`\n${table(report)}`);
  console.log('\nPrecision = TP / judged (debatable counts against it); per KLOC = findings / KLOC.');
  if (report.unjudged.length) {
    console.log(`\nUnjudged findings (${report.unjudged.length}); add a line per finding to bench/precision/judgements.jsonl:`);
    for (const f of report.unjudged) {
      console.log(JSON.stringify({ repo: f.repo, file: f.file, rule: f.rule, line: f.line, text: f.text, verdict: '?', reason: f.message }));
    }
  }
  if (report.errors.length) {
    console.log(`\nFiles that did not lint (${report.errors.length}):`);
    for (const error of report.errors) console.log(`${error.repo}/${error.file}:${error.line ?? 0} ${error.message}`);
  }
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const json = process.argv.includes('--json');
  const listFlag = (flag) => {
    const index = process.argv.indexOf(flag);
    return index > 0 ? process.argv[index + 1].split(',') : undefined;
  };
  const only = listFlag('--only');
  // `--rules lifeguard/require-worker-cleanup`: only these rules; `--corpus corpus.json,worker-corpus.json`: these corpus files.
  const rules = listFlag('--rules')?.map((rule) => (rule.startsWith('lifeguard/') ? rule : `lifeguard/${rule}`));
  const corpusFiles = listFlag('--corpus');
  try {
    const fromIndex = process.argv.indexOf('--from');
    let report;
    if (fromIndex > 0) {
      // Re-judge an earlier `--json` report without linting again.
      const earlier = JSON.parse(readFileSync(process.argv[fromIndex + 1], 'utf8'));
      report = summarise(
        earlier.repositories.map((repository) => ({
          ...repository,
          findings: earlier.findings.filter((finding) => finding.repo === repository.name),
          errors: earlier.errors.filter((error) => error.repo === repository.name),
        })),
        rules,
      );
    } else report = await runPrecision({ only, rules, corpusFiles });
    if (json) console.log(JSON.stringify(report, null, 2));
    else print(report);
    if (process.argv.includes('--docs')) {
      if (only || rules || corpusFiles) throw new Error('--docs needs the whole corpus with configs.recommended; drop --only, --rules and --corpus');
      writeDocs(report, git(['rev-parse', '--short', 'HEAD'], { cwd: here }).trim());
    }
  } catch (error) {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  }
}
