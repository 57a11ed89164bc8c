import { describe, expect, it } from 'vitest';
import { findWandbRoots, parseWandbConfig, parseWandbMetadata, parseWandbRunDirName, parseWandbSummary } from '../src/formats/wandb.js';
import { wandbRun } from './experiment-tracking.helpers.js';

describe('W&B run folders', () => {
  it('parses run folder names, online and offline', () => {
    expect(parseWandbRunDirName('run-20251001_113846-iim876m0')).toEqual({ id: 'iim876m0', offline: false, startedAt: '2025-10-01T11:38:46' });
    expect(parseWandbRunDirName('offline-run-20250310_101500-3k9x2m1q')).toEqual({ id: '3k9x2m1q', offline: true, startedAt: '2025-03-10T10:15:00' });
    expect(parseWandbRunDirName('latest-run')).toBeNull();
    expect(parseWandbRunDirName('run-2025-10-01-abc')).toBeNull();
  });

  it('finds roots anywhere, ignores a wandb folder without runs, and recognises the binary log by name', () => {
    const tree = {
      ...wandbRun({ dir: 'train/wandb/run-20251001_113846-iim876m0', id: 'iim876m0', style: 'core', params: { lr: 0.001 }, summary: { val_auc: 0.9 } }),
      ...wandbRun({ dir: 'train/wandb/offline-run-20251002_090000-zz11yy22', id: 'zz11yy22', style: 'legacy', params: { lr: 0.01 } }),
      'train/wandb/offline-run-20251002_090000-zz11yy22/run-zz11yy22.wandb.synced': '',
      'train/wandb/latest-run': '',
      'train/wandb/settings': '[default]\nproject = churn\n',
      'src/wandb/__init__.py': '# a package that happens to be called wandb\n',
    };
    const roots = findWandbRoots(Object.keys(tree).sort());
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ root: 'train/wandb', latestRun: 'train/wandb/latest-run', settingsPath: 'train/wandb/settings' });
    const [offline, online] = [...roots[0].runs].sort((a, b) => a.dir.localeCompare(b.dir));
    expect(online).toMatchObject({
      id: 'iim876m0',
      offline: false,
      configPath: 'train/wandb/run-20251001_113846-iim876m0/files/config.yaml',
      summaryPath: 'train/wandb/run-20251001_113846-iim876m0/files/wandb-summary.json',
      metadataPath: 'train/wandb/run-20251001_113846-iim876m0/files/wandb-metadata.json',
      logPath: 'train/wandb/run-20251001_113846-iim876m0/run-iim876m0.wandb',
      synced: false,
    });
    expect(offline).toMatchObject({ id: 'zz11yy22', offline: true, summaryPath: null, synced: true });
  });

  it('reads config.yaml in both writers\' styles, leaving out _wandb', () => {
    const legacy = 'wandb_version: 1\n\n_wandb:\n  desc: null\n  value:\n    cli_version: 0.16.6\nlearning_rate:\n  desc: null\n  value: 0.05\nlayers:\n  desc: null\n  value: [64, 32]\n';
    expect(parseWandbConfig(legacy)).toEqual({ ok: true, value: { params: { learning_rate: 0.05, layers: [64, 32] }, style: 'legacy' } });
    const core = '_wandb:\n  value:\n    cli_version: 0.22.1\n    m: []\nlr:\n  value: 0.001\noptimizer:\n  value: adamw\n';
    expect(parseWandbConfig(core)).toEqual({ ok: true, value: { params: { lr: 0.001, optimizer: 'adamw' }, style: 'core' } });
    expect(parseWandbConfig('lr: 0.1\nepochs: 3\n')).toEqual({ ok: true, value: { params: { lr: 0.1, epochs: 3 }, style: 'plain' } });
    expect(parseWandbConfig('lr: [0.1\n')).toMatchObject({ ok: false, error: { line: expect.any(Number) } });
  });

  it('reads the summary (numbers only, no _runtime) and the metadata (commit, program, personal data)', () => {
    expect(parseWandbSummary('{"val_auc": 0.91, "loss": 0.2, "_step": 9, "_runtime": 61.2, "roc": {"_type": "image-file", "path": "media/roc.png"}}')).toEqual({
      ok: true,
      value: { metrics: { val_auc: 0.91, loss: 0.2 }, otherKeys: ['roc'], step: 9, timestamp: null },
    });
    expect(parseWandbSummary('{"val_auc": 0.9')).toMatchObject({ ok: false, error: { line: 1 } });
    const meta = parseWandbMetadata(JSON.stringify({ os: 'Linux', program: 'train.py', git: { remote: 'r', commit: 'c'.repeat(40) }, email: 'a@b.invalid', username: 'a' }));
    expect(meta).toEqual({ ok: true, value: { program: 'train.py', gitCommit: 'c'.repeat(40), gitRemote: 'r', startedAt: null, notes: null, tags: [], personalFields: ['email', 'username'] } });
    expect(parseWandbMetadata('{"unrelated": true}')).toMatchObject({ ok: false });
  });
});
