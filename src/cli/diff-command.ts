// `ml-handover diff old.json new.json`: what changed between two reports or two audit records.
// Exit 0, or 1 with --fail-on-regression when something got worse; 2 when the files cannot be compared.
import { Command, Option } from 'commander';
import { compareAudits } from '../diff/audit-diff.js';
import { compareReports } from '../diff/compare.js';
import { DiffInputError, loadComparable } from '../diff/load.js';
import { renderAuditDiffText, renderReportDiffText } from '../diff/render.js';

export function registerDiffCommand(program: Command, io: { stdout: (s: string) => void; setExitCode: (code: number) => void }): void {
  program
    .command('diff')
    .description('Show what changed between two reports (scan --format json) or two audit records: score deltas, checks that moved, new and resolved findings.')
    .argument('<old>', 'the earlier report or audit record (JSON)')
    .argument('<new>', 'the later one, of the same kind')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--fail-on-regression', 'exit 1 when the score fell, a gate started failing or a check got worse')
    .addHelpText(
      'after',
      `
Examples:
  $ ml-handover scan ./vendor-repo --ref v1.0 --format json > v1.json
  $ ml-handover scan ./vendor-repo --format json > head.json
  $ ml-handover diff v1.json head.json --fail-on-regression
  $ ml-handover diff .ml-handover/audits/audit-2026-01-05T09-00-00Z.json .ml-handover/audits/audit-2026-02-02T09-00-00Z.json --format json`,
    )
    .action((oldFile: string, newFile: string, options: { format: 'text' | 'json'; failOnRegression?: boolean }) => {
      const before = loadComparable(oldFile);
      const after = loadComparable(newFile);
      let regressed: boolean;
      if (before.kind === 'report' && after.kind === 'report') {
        const diff = compareReports(before.report, after.report);
        regressed = diff.regressed;
        io.stdout(options.format === 'json' ? JSON.stringify({ kind: 'report-diff', ...diff }, null, 2) + '\n' : renderReportDiffText(diff));
      } else if (before.kind === 'audit' && after.kind === 'audit') {
        const diff = compareAudits(before.record, after.record);
        regressed = diff.regressed;
        io.stdout(options.format === 'json' ? JSON.stringify({ kind: 'audit-diff', ...diff }, null, 2) + '\n' : renderAuditDiffText(diff));
      } else {
        throw new DiffInputError(`cannot compare a ${before.kind} with a${after.kind === 'audit' ? 'n' : ''} ${after.kind}; give two reports or two audit records`);
      }
      io.setExitCode(options.failOnRegression && regressed ? 1 : 0);
    });
}
