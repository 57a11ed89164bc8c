// `ml-handover init [dir]`: writes what a vendor is missing as starting points (handover.yml, the first ADR,
// a runbook skeleton, a failure-modes table, an evaluation criteria file, a data manifest; with --policy a
// buyer policy). Never overwrites a file. Exit 0 when done, 2 when the folder cannot be used.
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { findMissingArtifacts } from '../init/find-missing.js';
import { planInit } from '../init/plan-init.js';
import { renderInit } from '../init/render-init.js';
import { existsIn, InitError, writeTemplates } from '../init/write-templates.js';

interface InitCommandOptions {
  policy?: boolean;
  dryRun?: boolean;
}

export function registerInitCommand(program: Command, io: { stdout: (s: string) => void; stderr: (s: string) => void; setExitCode: (code: number) => void }): void {
  program
    .command('init')
    .description('Write what a delivery is missing as starting points: handover.yml and templates for missing artifacts (first ADR, runbook, failure modes, evaluation criteria, data manifest). Never overwrites a file.')
    .argument('[dir]', 'the repository folder', '.')
    .option('--policy', "also write a buyer policy template (buyer-policy.yml; it belongs in the buyer's repository)")
    .option('--dry-run', 'list what would be written, write nothing')
    .addHelpText(
      'after',
      `
Templates are written only for artifacts the checks find nothing of, and hold "TODO:" prompts: a scan
right after init shows them as present but incomplete until they are filled in.

Examples:
  $ ml-handover init
  $ ml-handover init ./vendor-repo --dry-run
  $ ml-handover init ./buyer-config --policy`,
    )
    .action(async (dir: string, options: InitCommandOptions) => {
      try {
        io.stdout(await runInit(dir, options));
        io.setExitCode(0);
      } catch (error) {
        if (!(error instanceof InitError)) throw error;
        io.stderr(`ml-handover: ${error.message}\n`);
        io.setExitCode(2);
      }
    });
}

async function runInit(dir: string, options: InitCommandOptions): Promise<string> {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new InitError(`${dir} is not a folder (create it first, or give the repository folder)`);
  const missing = await findMissingArtifacts(dir);
  const planned = planInit({ missing, exists: (path) => existsIn(dir, path), policy: Boolean(options.policy) });
  const actions = options.dryRun ? planned : writeTemplates(dir, planned);
  return renderInit(dir, actions, { dryRun: Boolean(options.dryRun), scanCommand: `ml-handover scan ${dir === '.' ? '.' : quoteArg(dir)}` });
}

function quoteArg(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
