// The npm package as a user gets it: `npm pack`, installed from the tarball into an empty folder with no registry
// and an empty cache (so any dependency the package declared would fail the install), then run through npx.
// It ships the committed CLI bundle and nothing it does not load.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, tempDir } from './helpers.js';
import { fixtureRepo, startFakeGitHub } from './remote-fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** npm with a private, empty cache and no configuration inherited from an outer `npm test`. */
function npmEnv(cache: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return { ...env, npm_config_cache: cache, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

interface PackedFile {
  path: string;
  size: number;
}

let packed: { filename: string; files: PackedFile[] };
let app: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  const work = tempDir('mlh-package-');
  env = npmEnv(path.join(work, 'empty-cache'));
  const out = execFileSync(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, env, encoding: 'utf8' });
  const [info] = JSON.parse(out) as Array<{ filename: string; files: PackedFile[] }>;
  packed = { filename: path.join(work, path.basename(info.filename)), files: info.files };
  app = path.join(work, 'app');
  execFileSync('mkdir', [app]);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'buyer-tools', private: true }));
  execFileSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', packed.filename], { cwd: app, env, encoding: 'utf8' });
}, 60_000);

describe('the npm package', () => {
  it('holds the CLI bundle, the wasm it loads, the schemas and the README; not the Action bundle', () => {
    const files = packed.files.map((file) => file.path).sort();
    const schemas = readdirSync(path.join(ROOT, 'schemas')).map((name) => `schemas/${name}`);
    expect(files).toEqual(['README.md', 'dist/cli.js', 'dist/sql-wasm.wasm', 'package.json', ...schemas].sort());
  });

  it('declares no run-time dependency: everything it runs is in dist/cli.js', () => {
    const manifest = JSON.parse(readFileSync(path.join(app, 'node_modules/ml-handover/package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.optionalDependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
  });

  it('installs offline from the tarball and brings nothing else', () => {
    const installed = readdirSync(path.join(app, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(installed).toEqual(['ml-handover']);
    const lock = JSON.parse(readFileSync(path.join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).sort()).toEqual(['', 'node_modules/ml-handover']);
  });

  it('runs `npx ml-handover scan` on a fixture, the MLflow SQLite store included (the wasm loads from the package)', () => {
    const scanned = spawnSync('npx', ['--offline', '--no', 'ml-handover', 'scan', path.join(FIXTURES, 'partial-delivery'), '--format', 'json', '--min-score', '0'], {
      cwd: app,
      env: { ...env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(scanned.stderr).toBe('');
    expect(scanned.status).toBe(0);
    const report = JSON.parse(scanned.stdout) as { tool: { name: string }; checks: Array<{ id: string; findings: Array<{ path?: string; message: string }> }> };
    expect(report.tool.name).toBe('ml-handover');
    expect(scanned.stdout).not.toMatch(/sql-wasm|wasm/i);
    // The fixture's store is deliberately damaged: only SQLite itself, running from the packaged wasm, says so.
    const tracking = report.checks.find((check) => check.id === 'experiment-tracking')!;
    expect(tracking.findings.filter((finding) => finding.path === 'mlflow.db').map((finding) => finding.message)).toEqual([
      expect.stringMatching(/database disk image is malformed/),
    ]);
  });

  it('runs every subcommand from the installed package, GitHub API scans included (nothing missing at run time)', async () => {
    const bin = path.join(app, 'node_modules/.bin/ml-handover');
    const work = tempDir('mlh-package-run-');
    const repo = await fixtureRepo(path.join(FIXTURES, 'notebook-dump'), { tag: 'v1.0' });
    const github = await startFakeGitHub({ repos: { 'ferrous-labs/kestrel-churn': { dir: repo } } });
    try {
      const runEnv = { ...env, NO_COLOR: '1', GITHUB_API_URL: github.apiUrl, GITHUB_TOKEN: '' };
      // Asynchronous: the loopback GitHub answers from this process, which must not block while the CLI asks it.
      const run = (...args: string[]) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
          execFile(bin, args, { cwd: work, env: runEnv, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
            resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
          );
        });
      writeFileSync(path.join(work, 'engagements.yml'), `engagements:\n  - name: dump\n    target: ${JSON.stringify(repo)}\n  - name: api\n    target: github:ferrous-labs/kestrel-churn@v1.0\n`);
      writeFileSync(path.join(work, 'report.json'), (await run('scan', repo, '--format', 'json')).stdout);
      const commands = [
        ['checks'],
        ['explain', 'decision-records'],
        ['schema', 'report'],
        ['init', repo, '--dry-run'],
        ['scan', 'github:ferrous-labs/kestrel-churn@v1.0', '--format', 'sarif'],
        ['scan', repo, '--ref', 'v1.0', '--format', 'html'],
        ['diff', 'report.json', 'report.json'],
        ['audit', 'engagements.yml', '--history', path.join(work, 'history')],
      ];
      const results = [];
      for (const args of commands) {
        const result = await run(...args);
        results.push({ args: args.join(' '), status: result.status, stderr: result.stderr.slice(0, 300) });
      }
      // 0 or 1 is the gate; 2 or a crash would mean a command the package cannot run.
      expect(results.filter((result) => result.status !== 0 && result.status !== 1)).toEqual([]);
      expect(results.filter((result) => /internal error|Cannot find (module|package)/.test(result.stderr))).toEqual([]);
      expect(github.requests.some((request) => request.path.startsWith('/repos/ferrous-labs/kestrel-churn'))).toBe(true);
    } finally {
      await github.stop();
    }
  });

  it('prints its version through the installed bin', () => {
    const version = execFileSync('npx', ['--offline', '--no', '--', 'ml-handover', '--version'], { cwd: app, env, encoding: 'utf8' }).trim();
    expect(version).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});
