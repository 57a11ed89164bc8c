// A clone's temporary folder is removed when the process is interrupted (SIGINT, SIGTERM) while a scan
// holds it open. The scanner runs in a real child process, built from the sources with esbuild.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { bareCopy, makeGitRepo } from './remote-fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '..');
// Inside node_modules so the bundle's bare imports (simple-git, …) resolve to the project's packages.
const BUILD_DIR = path.join(ROOT, 'node_modules', '.cache', 'ml-handover-tests');

let script: string;
let url: string;

beforeAll(async () => {
  mkdirSync(BUILD_DIR, { recursive: true });
  const entry = path.join(BUILD_DIR, `hold-clone-${process.pid}.ts`);
  writeFileSync(
    entry,
    `import { openTarget } from ${JSON.stringify(path.join(ROOT, 'src', 'targets.ts'))};
const opened = await openTarget(process.argv[2], { tempDir: process.argv[3] });
process.stdout.write('READY ' + opened.snapshot.fileCount + '\\n');
setInterval(() => {}, 1000); // hold the clone open until a signal arrives
`,
  );
  script = path.join(BUILD_DIR, `hold-clone-${process.pid}.mjs`);
  await build({ entryPoints: [entry], outfile: script, bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node20', logLevel: 'silent' });
  const repo = await makeGitRepo({ 'README.md': '# kestrel-churn\n', 'docs/adr/0001-x.md': '# 1. X\n' });
  url = `file://${await bareCopy(repo)}`;
});

afterAll(() => {
  for (const ext of ['ts', 'mjs']) rmSync(path.join(BUILD_DIR, `hold-clone-${process.pid}.${ext}`), { force: true });
});

async function interruptWhileOpen(signal: NodeJS.Signals): Promise<{ during: string[]; after: string[]; exit: { code: number | null; signal: NodeJS.Signals | null } }> {
  const parent = tempDir('mlh-signal-');
  const child = spawn(process.execPath, [script, url, parent], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, sig) => resolve({ code, signal: sig })));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('READY') && resolve());
      child.once('exit', () => reject(new Error(`child exited before it was ready: ${stderr}`)));
    });
    const during = readdirSync(parent);
    child.kill(signal);
    const exit = await exited;
    return { during, after: readdirSync(parent), exit };
  } finally {
    clearTimeout(timer);
  }
}

describe('temporary clones and signals', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`removes the clone folder on ${signal} and still dies of the signal`, async () => {
      const { during, after, exit } = await interruptWhileOpen(signal);
      expect(during).toHaveLength(1);
      expect(during[0]).toMatch(/^ml-handover-clone-/);
      expect(after).toEqual([]);
      expect(exit.signal).toBe(signal);
    });
  }
});
