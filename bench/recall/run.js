// Recall on real bug fixes (a benchmark, not a test): `npm run recall [-- --json] [-- --case <id>]`.
// For each case in cases.json, reads the file at the buggy commit (the fix's parent) and at the
// fixed commit from a local git copy of the repository, lints both with every Lifeguard rule on
// (configs.recommended's entries plus every other rule at `error`), and reports:
//   detected   an expected rule reports a line within the case's bug lines in the buggy version;
//   gone       no finding of that rule is left in the fixed version on the bug lines (mapped
//              through the diff between the two versions) — counted among the detected cases.
// A case may list `mentions` (event or field names): a finding counts only when its message names one.
// Repositories are read from LIFEGUARD_RECALL_MIRRORS (default /work/.mirror), as
// <dir>/<owner>+<name>/repo or <dir>/<owner>+<name> (bare git directories); a repository found
// there is used as it is; otherwise it is cloned (blobless, bare) into LIFEGUARD_RECALL_CACHE
// (default ~/.cache/lifeguard-recall). Needs `npm run build` first (it lints with dist/, or the
// build given with --plugin <dist directory>). Flags: --json, --case <id> (repeatable), --quiet,
// --docs <file> (write the figures as the "Recall on real bug fixes" section of that file, e.g.
// docs/benchmarks.md, between <!-- recall:start --> and <!-- recall:end -->).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as tsParser from '@typescript-eslint/parser';
import { diffLines } from 'diff';
import { Linter } from 'eslint';

const here = new URL('.', import.meta.url);
const { values } = parseArgs({
  options: { json: { type: 'boolean' }, case: { type: 'string', multiple: true }, quiet: { type: 'boolean' }, plugin: { type: 'string' }, docs: { type: 'string' } },
  strict: true,
});
// --plugin <dir>: measure another build (a dist/ directory) instead of this checkout's.
const pluginEntry = values.plugin ? pathToFileURL(join(resolve(values.plugin), 'src', 'index.js')) : new URL('../../dist/src/index.js', import.meta.url);
const { default: lifeguard } = await import(pluginEntry.href);

const mirrorRoot = process.env.LIFEGUARD_RECALL_MIRRORS ?? '/work/.mirror';
const cacheRoot = process.env.LIFEGUARD_RECALL_CACHE ?? join(homedir(), '.cache', 'lifeguard-recall');

/** Every rule at `error`, with configs.recommended's own entries (and options) where it has one. */
export function allRules() {
  const rules = Object.fromEntries(Object.keys(lifeguard.rules).map((name) => [`lifeguard/${name}`, 'error']));
  return { ...rules, ...lifeguard.configs.recommended.rules };
}

function gitDirectory(repo) {
  const [owner, name] = repo.split('/');
  for (const candidate of [join(mirrorRoot, `${owner}+${name}`, 'repo'), join(mirrorRoot, `${owner}+${name}`)]) {
    if (existsSync(join(candidate, 'HEAD'))) return candidate;
  }
  const cached = join(cacheRoot, `${owner}+${name}.git`);
  if (!existsSync(join(cached, 'HEAD'))) {
    mkdirSync(cacheRoot, { recursive: true });
    execFileSync('git', ['clone', '--quiet', '--bare', '--filter=blob:none', `https://github.com/${repo}.git`, cached], { stdio: 'inherit' });
  }
  return cached;
}

function show(gitDir, commit, path) {
  return execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The flat config for one file: typescript-eslint's parser for every file (it reads JS too), JSX where the extension says so. */
function configFor(path) {
  const jsx = /\.(jsx|tsx)$/.test(path) || /\.js$/.test(path);
  const sourceType = /\.cjs$/.test(path) ? 'commonjs' : 'module';
  return [
    {
      files: ['**/*'],
      languageOptions: { parser: tsParser, sourceType, ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx } } },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { lifeguard },
      rules: allRules(),
    },
  ];
}

function lint(code, path) {
  const linter = new Linter({ configType: 'flat' });
  let messages = linter.verify(code, configFor(path), { filename: path });
  // A .js file that is not JSX (a `<` comparison read as a tag) parses without the JSX flag.
  if (messages.some((message) => message.fatal) && /\.js$/.test(path)) {
    const config = configFor(path);
    config[0].languageOptions.parserOptions.ecmaFeatures.jsx = false;
    messages = linter.verify(code, config, { filename: path });
  }
  // Only a parse failure counts; ESLint's notices without a rule (old `/* eslint-env */` comments) do not.
  const fatal = messages.find((message) => message.fatal && /^Parsing error/.test(message.message));
  return { fatal: fatal ? `${fatal.line}:${fatal.column} ${fatal.message}` : null, findings: messages.filter((message) => message.ruleId) };
}

/**
 * Maps a line range of the buggy version onto the fixed version: unchanged lines map one to one,
 * a changed line maps to the whole replacement block (or the line where the block was removed).
 */
export function mapRange(before, after, [start, end]) {
  const lines = (part) => part.count ?? part.value.split('\n').length - 1;
  const oldToNew = [];
  const parts = diffLines(before, after);
  let oldLine = 1;
  let newLine = 1;
  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index];
    const count = lines(part);
    if (part.removed) {
      const next = parts[index + 1];
      const added = next?.added ? lines(next) : 0;
      for (let offset = 0; offset < count; offset += 1) oldToNew[oldLine + offset] = [newLine, Math.max(newLine, newLine + added - 1)];
      oldLine += count;
    } else if (part.added) {
      newLine += count;
    } else {
      for (let offset = 0; offset < count; offset += 1) oldToNew[oldLine + offset] = [newLine + offset, newLine + offset];
      oldLine += count;
      newLine += count;
    }
  }
  const first = oldToNew[start] ?? [newLine, newLine];
  const last = oldToNew[end] ?? first;
  return [Math.min(first[0], last[0]), Math.max(first[1], last[1])];
}

function runCase(entry) {
  const gitDir = gitDirectory(entry.repo);
  const rules = [entry.rule, ...(entry.alsoAccepted ?? [])];
  const buggyCode = show(gitDir, entry.buggyCommit, entry.file);
  const fixedPath = entry.fixedFile ?? entry.file;
  const fixedCode = show(gitDir, entry.fixedCommit, fixedPath);
  const buggy = lint(buggyCode, entry.file);
  const fixed = lint(fixedCode, fixedPath);
  const [start, end] = entry.bugLines;
  // `mentions`: the finding must name one of these (an event, a field), so that a finding for another reason does not count.
  const names = (message) => !entry.mentions || entry.mentions.some((text) => message.message.includes(`'${text}'`));
  const onBug = buggy.findings.filter((message) => rules.includes(message.ruleId) && message.line >= start && message.line <= end && names(message));
  const detected = onBug.length > 0;
  const fixedRange = mapRange(buggyCode, fixedCode, [start, end]);
  const stillThere = fixed.findings.filter(
    (message) => rules.includes(message.ruleId) && message.line >= fixedRange[0] && message.line <= fixedRange[1] && names(message),
  );
  const elsewhere = buggy.findings.filter((message) => rules.includes(message.ruleId) && !(message.line >= start && message.line <= end));
  return {
    id: entry.id,
    repo: entry.repo,
    category: entry.category,
    rule: entry.rule,
    singleFile: entry.singleFile,
    detected,
    gone: detected && stillThere.length === 0,
    fatal: buggy.fatal ?? fixed.fatal,
    findingsOnBug: onBug.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.message}`),
    findingsAfterFix: stillThere.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.message}`),
    expectedRuleElsewhere: elsewhere.length,
    fixedRange,
  };
}

const ratio = (part, whole) => ({ count: part, of: whole, percent: whole === 0 ? null : Math.round((part / whole) * 1000) / 10 });

export function summarise(results) {
  const detected = results.filter((result) => result.detected);
  const single = results.filter((result) => result.singleFile);
  const totals = {
    detected: ratio(detected.length, results.length),
    detectedSingleFile: ratio(single.filter((result) => result.detected).length, single.length),
    goneOfDetected: ratio(detected.filter((result) => result.gone).length, detected.length),
    fatal: results.filter((result) => result.fatal).length,
  };
  const byCategory = {};
  for (const result of results) {
    const row = (byCategory[result.category] ??= { cases: 0, singleFile: 0, detected: 0, detectedSingleFile: 0, gone: 0 });
    row.cases += 1;
    if (result.singleFile) row.singleFile += 1;
    if (result.detected) row.detected += 1;
    if (result.detected && result.singleFile) row.detectedSingleFile += 1;
    if (result.gone) row.gone += 1;
  }
  return { totals, byCategory };
}

const cases = JSON.parse(readFileSync(new URL('cases.json', here), 'utf8')).cases;
const selected = values.case ? cases.filter((entry) => values.case.includes(entry.id)) : cases;
const results = [];
for (const entry of selected) {
  try {
    results.push(runCase(entry));
  } catch (error) {
    results.push({ id: entry.id, repo: entry.repo, category: entry.category, rule: entry.rule, singleFile: entry.singleFile, detected: false, gone: false, fatal: `could not read: ${error.message.split('\n')[0]}` });
  }
}
const summary = summarise(results);
const commit = (() => {
  if (values.plugin) return `the build in ${values.plugin}`;
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: new URL('../..', import.meta.url), encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();

if (values.json) {
  console.log(JSON.stringify({ lifeguard: { version: lifeguard.meta.version, commit }, summary, results }, null, 2));
} else {
  const mark = (value) => (value ? 'yes' : ' - ');
  console.log(`Recall on real bug fixes: ${results.length} cases, Lifeguard ${lifeguard.meta.version} at ${commit}\n`);
  console.log(['case'.padEnd(44), 'category'.padEnd(16), 'rule'.padEnd(26), '1-file', 'detected', 'gone'].join(' '));
  for (const result of results) {
    console.log(
      [result.id.padEnd(44), result.category.padEnd(16), result.rule.replace('lifeguard/', '').padEnd(26), mark(result.singleFile).padEnd(6), mark(result.detected).padEnd(8), result.detected ? mark(result.gone) : ''].join(' ') +
        (result.fatal ? `  (parse/read error: ${result.fatal})` : ''),
    );
    if (!values.quiet && result.findingsAfterFix?.length) console.log(`    still after the fix: ${result.findingsAfterFix.join(' | ')}`);
  }
  const { totals, byCategory } = summary;
  const show = (r) => `${r.count} / ${r.of}${r.percent === null ? '' : ` (${r.percent} %)`}`;
  console.log(`\ndetected / all:              ${show(totals.detected)}`);
  console.log(`detected / single-file:      ${show(totals.detectedSingleFile)}`);
  console.log(`gone after fix / detected:   ${show(totals.goneOfDetected)}`);
  if (totals.fatal) console.log(`cases with a parse or read error: ${totals.fatal}`);
  console.log('\nper category: cases, single-file, detected, detected single-file, gone');
  for (const [category, row] of Object.entries(byCategory).sort()) {
    console.log(`  ${category.padEnd(16)} ${row.cases}  ${row.singleFile}  ${row.detected}  ${row.detectedSingleFile}  ${row.gone}`);
  }
}

/** The "Recall on real bug fixes" section of docs/benchmarks.md. */
function renderSection() {
  const { totals, byCategory } = summary;
  const cell = (r) => `${r.count} / ${r.of}${r.percent === null ? '' : ` (${r.percent} %)`}`;
  const repos = new Set(results.map((result) => result.repo));
  const lines = [
    '<!-- recall:start -->',
    '## Recall on real bug fixes',
    '',
    `Measured with \`npm run recall\` on ${new Date().toISOString().slice(0, 10)}, Lifeguard ${lifeguard.meta.version} at commit ${commit}: ${results.length} leak and hang fixes from ${repos.size} public repositories (none of the repositories reserved for evaluation), one file each, pinned in \`bench/recall/cases.json\` (buggy commit = the fix's parent, the bug lines, the expected rule, and whether the bug is visible in that one file without types). Every Lifeguard rule is on. A case is *detected* when the expected rule reports within the bug lines of the buggy version, and *gone* when no such finding is left on those lines (mapped through the diff) in the fixed version. See \`bench/recall/README.md\`.`,
    '',
    '| Figure | Value |',
    '| --- | ---: |',
    `| Detected / all cases | ${cell(totals.detected)} |`,
    `| Detected / cases visible in one file | ${cell(totals.detectedSingleFile)} |`,
    `| Gone after the fix / detected | ${cell(totals.goneOfDetected)} |`,
    '',
    '| Category | Cases | Visible in one file | Detected | Detected (one file) | Gone after fix |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(byCategory)
      .sort()
      .map(([category, row]) => `| ${category} | ${row.cases} | ${row.singleFile} | ${row.detected} | ${row.detectedSingleFile} | ${row.gone} |`),
    '',
    '<details><summary>Per case</summary>',
    '',
    '| Case | Repository | Rule | One file | Detected | Gone |',
    '| --- | --- | --- | :---: | :---: | :---: |',
    ...results.map((result) => `| ${result.id} | ${result.repo} | ${result.rule.replace('lifeguard/', '')} | ${result.singleFile ? 'yes' : 'no'} | ${result.detected ? 'yes' : 'no'} | ${result.detected ? (result.gone ? 'yes' : 'no') : ''} |`),
    '',
    '</details>',
    '<!-- recall:end -->',
    '',
  ];
  return lines.join('\n');
}

if (values.docs) {
  const previous = existsSync(values.docs) ? readFileSync(values.docs, 'utf8') : '';
  const section = renderSection();
  const marker = /<!-- recall:start -->[\s\S]*<!-- recall:end -->\n?/;
  writeFileSync(values.docs, marker.test(previous) ? previous.replace(marker, section) : `${previous.trimEnd()}\n\n${section}`);
  console.error(`recall: wrote the section to ${values.docs}`);
}
