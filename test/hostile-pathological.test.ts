// A tree made only of pathological files at (just under) the read cap, scanned end to end by the CLI in a
// child process under the probe of test/cli-probe.ts. Each file aims at one way a parser, a regular
// expression or a cache could take time or memory super-linear in its input (issue #20): long lines of one
// character class, a 1 MiB Markdown table, a README of capitals, spaces after a copyright holder, trailing
// spaces in .gitignore and .env, one long word where an e-mail address is looked for, a whitespace line
// in a Prometheus rule file, a run of `$` in a prompt, 31 documents of 1 MiB tables, and a SQLite bomb.
// What must hold: the scan ends within its time budget, every check finishes, exit 0 or 1, peak RSS
// under 300 MB.
import { realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { buildProbedCli, runProbedCli, type CliRun, type ProbedCli } from './cli-probe.js';
import { hex32, mlflowDb } from './experiment-tracking.helpers.js';
import { makeTree } from './helpers.js';
import { withRunsStatus, ZEROBLOB_STATUS } from './sqlite-bombs.js';

const KiB = 1024;
/** Just under the default 1 MiB read cap, so every file is read rather than refused. */
const NEAR_CAP = 1024 * KiB - KiB;
/** What the issue asks: the scan's budget (passed as --deadline) and its peak memory. */
const BUDGET_S = 100;
const MAX_RSS_MB = 300;
/** Start-up, listing and rendering around the budgeted checks. */
const SLACK_MS = 20_000;

/** `line` repeated (with newlines) up to `size` characters. */
function fill(line: string, size: number): string {
  return line.repeat(Math.max(1, Math.floor(size / line.length)));
}

/** One line of one character, up to `size` with the head and tail around it. */
function run(head: string, char: string, size: number, tail = '\n'): string {
  return head + char.repeat(size - head.length - tail.length) + tail;
}

/** One character class per file, a few long lines each (the per-line patterns) and one line of almost 1 MiB. */
const CHARACTER_CLASSES: Record<string, string> = {
  letters: 'a',
  capitals: 'A',
  digits: '7',
  spaces: ' ',
  tabs: '\t',
  underscores: '_',
  hyphens: '-',
  dots: '.',
  slashes: '/',
  backslashes: '\\',
  equals: '=',
  hashes: '#',
  pipes: '|',
  dollars: '$',
  at: '@',
  colons: ':',
  quotes: '"',
  brackets: '[',
  braces: '{',
  angles: '<',
  backticks: '`',
  stars: '*',
};

async function pathologicalTree(): Promise<{ root: string; cases: Record<string, string[]> }> {
  const files: Record<string, string | Uint8Array> = {};
  const cases: Record<string, string[]> = {};
  const add = (label: string, path: string, content: string | Uint8Array) => {
    files[path] = content;
    (cases[label] ??= []).push(path);
  };

  for (const [name, char] of Object.entries(CHARACTER_CLASSES)) {
    const lines = fill(char.repeat(64 * KiB - 1) + '\n', NEAR_CAP / 2);
    add('long lines of one character class', `notes/${name}.md`, lines + run('', char, NEAR_CAP - lines.length));
    add('long lines of one character class', `config/${name}.yaml`, run('key: ', char, NEAR_CAP));
  }
  add('a 1 MiB Markdown table', 'docs/data-dictionary.md', `# Data dictionary\n\n| column | meaning |\n| --- | --- |\n${fill('| c | m |\n', NEAR_CAP - 60)}`);
  add('a README of capital runs', 'README.md', `# Churn model\n\n${run('', 'A', NEAR_CAP - 20)}`);
  add('a LICENSE with 1 MiB of spaces after the holder', 'LICENSE', run('MIT License\n\nCopyright (c) 2025 Kestrel Analytics', ' ', NEAR_CAP, 'x\n'));
  // .gitignore is read with its own 256 KiB cap: just under that one.
  add('.gitignore and .env with trailing-space lines', '.gitignore', `*.pyc\n${run('.env', ' ', 255 * KiB, 'x\n')}${run('data/', ' ', 1000)}`);
  add('.gitignore and .env with trailing-space lines', '.env', `DATABASE_URL=postgres://localhost/churn\n${run('API_HOST=internal', ' ', NEAR_CAP - 100, 'x\n')}`);
  add('a runbook whose escalation section is one 500 KB word', 'docs/runbooks/incident.md', `# Incident runbook\n\n## Escalation\n\n${run('', 'a', 500 * KiB)}`);
  add('a model card whose contact is one long word', 'MODEL_CARD.md', `# Model card\n\n## Model Card Contact\n\n${run('', 'b', NEAR_CAP - 50)}`);
  add('a Prometheus rule file with a whitespace line', 'monitoring/alerts.rules.yml', `groups:\n  - name: churn\n    rules:\n${run('', ' ', NEAR_CAP - 60, 'x\n')}`);
  add('a prompt file with a run of $', 'prompts/system.txt', `You are a churn analyst.\n${run('', '$', NEAR_CAP - 60, '{question\n')}`);
  add('a prompt file with a run of $', 'src/churn/llm.py', `SYSTEM_PROMPT = """${run('', '$', 250 * KiB, '"""\n')}`);
  for (let n = 1; n <= 31; n++) {
    const id = String(n).padStart(4, '0');
    add('31 documents of 1 MiB Markdown tables', `docs/adr/${id}-table-${n}.md`, `# ${n}. Feature table ${n}\n\n| feature | source |\n| --- | --- |\n${fill(`| f${n} | s |\n`, NEAR_CAP - 80)}`);
  }
  const SQL = await initSqlJs();
  add('the SQLite bomb', 'mlflow.db', withRunsStatus(SQL, mlflowDb(SQL, { runs: Array.from({ length: 50 }, (_, n) => ({ id: hex32(n) })) }), ZEROBLOB_STATUS));
  // MLH_PATHOLOGICAL_TREE=<empty folder> keeps the tree there, for a look at what the scan saw.
  const keep = process.env.MLH_PATHOLOGICAL_TREE;
  return { root: keep ? makeTree(files, keep) : makeTree(files), cases };
}

let built: ProbedCli;
let tree: { root: string; cases: Record<string, string[]> };
let scanRun: CliRun;
let report: Report;

beforeAll(async () => {
  built = await buildProbedCli('pathological');
  tree = await pathologicalTree();
  scanRun = await runProbedCli(built, ['scan', tree.root, '--format', 'json', '--deadline', `${BUDGET_S}s`, '--no-color'], BUDGET_S * 1000 + 2 * SLACK_MS);
  if (process.env.MLH_PATHOLOGICAL_TREE) writeFileSync(`${process.env.MLH_PATHOLOGICAL_TREE}.report.json`, scanRun.stdout);
  try {
    report = JSON.parse(scanRun.stdout) as Report;
  } catch {
    // The assertions below say why there is no report.
  }
}, BUDGET_S * 1000 + 4 * SLACK_MS);

afterAll(() => built?.dispose());

describe('a scan of a tree of pathological files at the read cap', () => {
  it('ends within its budget with exit 0 or 1, under 300 MB', () => {
    expect(scanRun.signal, `killed (a hang) — stderr: ${scanRun.stderr.slice(0, 500)}`).toBeNull();
    expect([0, 1], `exit ${scanRun.code} — stderr: ${scanRun.stderr.slice(0, 1000)}`).toContain(scanRun.code);
    expect(scanRun.wallMs).toBeLessThan(BUDGET_S * 1000 + SLACK_MS);
    expect(scanRun.probe.maxRssKb / 1024).toBeLessThan(MAX_RSS_MB);
  });

  it('finishes every check before the budget runs out', () => {
    // A check cut by the deadline points at the pathological file it was reading (see `cases` for the labels).
    const unfinished = report.coverage.unfinished ?? [];
    expect(unfinished.map((entry) => `${entry.id}: ${entry.reason}`)).toEqual([]);
    expect(report.stats.deadlineHit).toBe(0);
  });

  it('reports the SQLite bomb as refused, naming the file and the reason', () => {
    expect(report.errors).toContainEqual({ path: 'mlflow.db', message: 'MLflow SQLite store refused: runs.status is a generated column; MLflow declares only stored columns' });
    const tracking = report.checks.find((check) => check.id === 'experiment-tracking')!;
    expect(tracking.findings.some((finding) => finding.id === 'store-unreadable' && finding.path === 'mlflow.db' && /generated column/.test(finding.message))).toBe(true);
  });

  it('read every pathological file (so the bounds above were met with them read, not refused)', () => {
    // Checks with their own smaller caps refuse some of these files by size (an error each); at least one
    // reader took each file whole, which the probe saw open it.
    const opened = new Set(scanRun.probe.opened.map((file) => path.relative(realpathSync(tree.root), file)));
    const unread = Object.entries(tree.cases).flatMap(([label, paths]) => paths.filter((file) => !opened.has(file)).map((file) => `${label}: ${file}`));
    expect(unread).toEqual([]);
  });
});
