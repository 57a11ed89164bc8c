// Shared test helpers: real files in real temporary folders, scanned through the real engine.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { CHECKS } from '../checks/index.js';
import type { CheckDefinition, CheckOutcome } from '../src/check.js';
import type { BuyerPolicy } from '../src/policy/policy.js';
import { checksForPolicy, resolvePolicy } from '../src/policy/resolve-policy.js';
import type { CheckResult, Report } from '../src/report/report.js';
import { resolveProfiles } from '../src/profiles/resolve-profiles.js';
import { scan } from '../src/scan.js';
import { openTarget } from '../src/targets.js';

export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'mlh-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes a tree from `{ 'docs/adr/0001-x.md': '...' }` into a new temporary folder and returns it. */
export function makeTree(files: Record<string, string | Uint8Array>, dir = tempDir()): string {
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(dir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return dir;
}

/** Scans a folder with every registered check (or the given ones) and returns the report. */
export async function scanDir(dir: string, options: { policy?: BuyerPolicy; checks?: readonly CheckDefinition[]; ref?: string; now?: Date } = {}): Promise<Report> {
  const checks = checksForPolicy(options.checks ?? CHECKS, options.policy);
  const opened = await openTarget(dir, { ref: options.ref });
  try {
    const policy = resolvePolicy({ policy: options.policy }, checks.map((check) => check.id));
    return await scan(opened.snapshot, { checks, policy, now: () => options.now ?? new Date('2026-01-01T00:00:00Z') });
  } finally {
    await opened.close();
  }
}

/** Runs one check over a tree given as an object, and returns its report entry. */
export async function runCheck(check: CheckDefinition, files: Record<string, string | Uint8Array> | string, policy?: BuyerPolicy): Promise<CheckResult> {
  const dir = typeof files === 'string' ? files : makeTree(files);
  const report = await scanDir(dir, { checks: [check], policy });
  return report.checks[0];
}

/** Runs a check's `run` directly (raw outcome, before scoring). */
export async function runRaw(check: CheckDefinition, files: Record<string, string | Uint8Array> | string, locations: string[] = []): Promise<CheckOutcome> {
  const dir = typeof files === 'string' ? files : makeTree(files);
  const opened = await openTarget(dir);
  try {
    const profiles = await resolveProfiles(opened.snapshot, undefined);
    return await check.run(opened.snapshot, { locations, options: {}, milestone: null, deadline: opened.snapshot.deadline, profiles });
  } finally {
    await opened.close();
  }
}

export function findingIds(result: { findings: Array<{ id?: string }> }): string[] {
  return result.findings.map((finding) => finding.id ?? '');
}
