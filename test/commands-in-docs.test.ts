// Every `ml-handover …` command the project tells a user to run — in README.md, docs/*.md, the --help of every
// subcommand, and the remediations and templates in checks/ and src/ — runs: exit 0 or 1 (the gate), never 2
// (usage error). Commands run as written, in a workspace holding the files they name; github: targets and --org go
// to a loopback GitHub (GITHUB_API_URL, as on GitHub Enterprise); only commands naming another remote host are
// left out, and that list is asserted so a new one is noticed.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { buildProgram, main } from '../src/cli.js';
import { FIXTURES, tempDir } from './helpers.js';
import { fixtureRepo, startFakeGitHub, testGit, type FakeGitHub } from './remote-fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SUBCOMMANDS = buildProgram({ stdout: () => {}, stderr: () => {}, setExitCode: () => {} }).commands.map((command) => command.name());

interface Found {
  command: string;
  where: string;
}

/** Commands in inline code (`ml-handover …`, also \`…\` inside template literals) and on shell lines of examples. */
export function commandsIn(text: string, where: string, shellLines: boolean): Found[] {
  const found: Found[] = [];
  for (const match of text.matchAll(/\\?`(?:npx )?(ml-handover [^`\\\n]+)\\?`/g)) found.push({ command: match[1], where });
  if (shellLines) for (const match of text.matchAll(/^[ \t]*(?:\$ )?(?:npx )?(ml-handover [^\n]+)$/gm)) found.push({ command: match[1], where });
  // Only invocations: a subcommand (or a top-level option) right after the program name.
  return found.filter(({ command }) => {
    const word = command.split(/\s+/)[1] ?? '';
    return SUBCOMMANDS.includes(word) || word === '--version' || word === '--help';
  });
}

/** A template (`explain <id>`, `init [dir]`, `explain ${check.id}`, `scan …`) names no runnable command. */
const isTemplate = (command: string) => /[<[…]|\$\{/.test(command);
/** Needs a host this test cannot stand in for (github: and --org are answered by the loopback GitHub). */
const needsNetwork = (command: string) => /\s(https?:\/\/|ssh:\/\/|git@)/.test(command);

async function help(args: string[]): Promise<string> {
  let out = '';
  await main([...args, '--help'], { stdout: (s) => void (out += s), stderr: (s) => void (out += s) });
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

async function collectCommands(): Promise<Found[]> {
  const found: Found[] = [];
  const markdown = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
  for (const file of markdown) found.push(...commandsIn(readFileSync(path.join(ROOT, file), 'utf8'), file, true));
  for (const args of [[], ...SUBCOMMANDS.map((name) => [name])]) found.push(...commandsIn(await help(args), `ml-handover ${args.join(' ')} --help`, true));
  // Remediations, templates and messages in the code: inline code only (shell-looking lines there are code).
  // Comments name commands without telling anyone to run them; they are left out.
  const withoutComments = (code: string) => code.replace(/^\s*(\/\/|\/\*|\*).*$/gm, '');
  for (const file of [...sourceFiles('checks'), ...sourceFiles('src')]) found.push(...commandsIn(withoutComments(readFileSync(file, 'utf8')), path.relative(ROOT, file), false));
  return found;
}

/** Words of a shell line: quotes removed, `# comment` dropped; `a|b|c` in one word is three commands. */
function expand(command: string): Array<{ argv: string[]; redirect?: string }> {
  const words = (command.replace(/\s+#\s.*$/, '').match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((word) => word.replace(/^(["'])(.*)\1$/, '$2'));
  let redirect: string | undefined;
  const at = words.indexOf('>');
  if (at >= 0) {
    redirect = words[at + 1];
    words.splice(at, 2);
  }
  const argv = words.slice(1); // drop the program name
  const alternatives = argv.findIndex((word) => /^[\w-]+(\|[\w-]+)+$/.test(word));
  if (alternatives < 0) return [{ argv, redirect }];
  return argv[alternatives].split('|').map((choice) => ({ argv: argv.map((word, i) => (i === alternatives ? choice : word)), redirect }));
}

let workspace: string;
let github: FakeGitHub;
const previousEnv = { GITHUB_API_URL: process.env.GITHUB_API_URL, GITHUB_TOKEN: process.env.GITHUB_TOKEN };
let commands: Found[];
const previousCwd = process.cwd();

/**
 * The workspace a reader of the docs has: a vendor repository with the tags the examples use, the buyer's
 * policy, an engagement list, earlier reports and audit records under the names the examples give them.
 */
beforeAll(async () => {
  commands = await collectCommands();
  workspace = tempDir('mlh-docs-workspace-');
  // A small delivery keeps forty scans quick; what is judged here is the command line, not the score.
  const repo = await fixtureRepo(path.join(FIXTURES, 'notebook-dump'), { tag: 'v1.0' });
  await testGit(repo).addTag('v1.2');
  cpSync(repo, path.join(workspace, 'vendor-repo'), { recursive: true });
  github = await startFakeGitHub({ repos: { 'ferrous-labs/kestrel-churn': { dir: repo, topics: ['kestrel'] } } });
  process.env.GITHUB_API_URL = github.apiUrl;
  process.env.GITHUB_TOKEN = '';
  mkdirSync(path.join(workspace, 'buyer-config'));
  // A delivery kept in a subfolder of the buyer's repository (the SARIF path-prefix example).
  cpSync(path.join(FIXTURES, 'notebook-dump'), path.join(workspace, 'vendor'), { recursive: true });
  writeFileSync(path.join(workspace, 'buyer-policy.yml'), 'version: 1\nmilestone: pilot\nminScore: 60\n');
  writeFileSync(path.join(workspace, 'engagements.yml'), `engagements:\n  - name: kestrel-churn\n    target: ${JSON.stringify(path.join(workspace, 'vendor-repo'))}\n    ref: v1.2\n`);
  process.chdir(workspace);
  const report = await capture(['scan', 'vendor-repo', '--format', 'json']);
  for (const name of ['last-week.json', 'last-month.json', 'today.json', 'old.json', 'new.json']) writeFileSync(name, report.stdout);
  const history = path.join(tempDir('mlh-docs-history-'));
  await capture(['audit', 'engagements.yml', '--history', history, '--format', 'json']);
  const [record] = readdirSync(history);
  mkdirSync('.ml-handover/audits', { recursive: true });
  for (const date of ['2026-01-05T09-00-00Z', '2026-02-02T09-00-00Z']) cpSync(path.join(history, record), `.ml-handover/audits/audit-${date}.json`);
}, 120_000);

afterAll(async () => {
  process.chdir(previousCwd);
  for (const [name, value] of Object.entries(previousEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await github?.stop();
});

async function capture(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

describe('commands named in docs, help and remediations', () => {
  it('finds them in every place a user reads', () => {
    const places = new Set(commands.map((found) => found.where));
    for (const place of ['README.md', 'docs/checks.md', 'docs/handover-manifest.md', 'ml-handover scan --help', 'ml-handover audit --help', 'ml-handover diff --help', 'ml-handover init --help', 'checks/evaluation-criteria.ts', 'checks/handover-manifest.ts', 'src/init/templates.ts']) {
      expect([...places], place).toContain(place);
    }
    expect(commands.map((found) => found.command)).toEqual(expect.arrayContaining(['ml-handover schema engagements', 'ml-handover schema evaluation-criteria']));
  });

  it('leaves out only commands that need a remote host', () => {
    const remote = [...new Set(commands.map((found) => found.command).filter((command) => !isTemplate(command) && needsNetwork(command)))].map((command) => command.replace(/\s+#.*$/, '').trim());
    expect([...new Set(remote)].sort()).toEqual([
      'ml-handover scan https://git.example.com/ferrous/churn.git --ref v1.2',
      'ml-handover scan https://git.example.com/ferrous/kestrel-churn.git --ref v1.2',
    ]);
  });

  it('fills the templates the code prints (`ml-handover explain ${check.id}`) with every value they take', async () => {
    expect(commands.some(({ command }) => command === 'ml-handover explain ${check.id}')).toBe(true);
    for (const check of CHECKS) {
      const explained = await capture(['explain', check.id]);
      expect(explained.code, check.id).toBe(0);
      expect(explained.stdout, check.id).toContain(check.title);
    }
  });

  it('runs every other one as written: exit 0 or 1, never a usage error', async () => {
    const runnable = [...new Map(commands.filter(({ command }) => !isTemplate(command) && !needsNetwork(command)).map((found) => [found.command.replace(/\s+#\s.*$/, '').trim(), found])).values()];
    expect(runnable.length).toBeGreaterThan(25);
    const failures: string[] = [];
    for (const { command, where } of runnable) {
      for (const { argv, redirect } of expand(command)) {
        const result = await capture(argv);
        if (redirect) writeFileSync(redirect, result.stdout);
        if (![0, 1].includes(result.code) || /internal error/.test(result.stderr)) failures.push(`${where}: ml-handover ${argv.join(' ')} → exit ${result.code}: ${result.stderr.trim().slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
    // The github: and --org examples really went to the (loopback) GitHub.
    expect(github.requests.some((request) => request.path.startsWith('/orgs/ferrous-labs/repos'))).toBe(true);
    expect(github.requests.some((request) => request.path.startsWith('/repos/ferrous-labs/kestrel-churn'))).toBe(true);
  }, 240_000);
});
