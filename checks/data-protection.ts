// data-protection: does the repository carry personal data it should not (customer rows in a CSV, a notebook's
// printed DataFrame, the e-mail W&B records for whoever ran a job), and is there a statement of how personal data
// is handled? Values are never reported: only kinds, counts and locations.
import { defineCheck, findingFrom, unit, type Evidence, type Finding } from '../src/check.js';
import { describeCount, type PersonalDataKind } from '../src/data-protection/detectors.js';
import { HANDLING_ASPECTS, judgeHandling, readHandlingDocuments, type HandlingAspectId } from '../src/data-protection/handling-document.js';
import { scanDataFiles, type DataFileScan, type DataScan, type NotSampledReason, type PersonalDataGroup } from '../src/data-protection/scan-data-files.js';
import { formatBytes } from '../src/snapshot/snapshot.js';

const MAX_FILE_FINDINGS = 60;
const MAX_FILE_EVIDENCE = 60;
/** Identifiers that are personal data on their own; a single one in a data file is enough to fail. */
const STRONG_KINDS: ReadonlySet<PersonalDataKind> = new Set(['us-ssn', 'uk-nino', 'iban', 'payment-card']);

const check = defineCheck({
  id: 'data-protection',
  title: 'Personal data and its handling',
  rationale:
    'Personal data committed to a repository is copied to every clone, CI runner and backup, and deleting the file leaves it in history; the buyer inherits that exposure and its legal duties. A statement of what personal data the system processes, how it is minimised, where it lives, how long it is kept and who can reach it is what a data-protection officer asks for first. Neither half passes alone. A clean sample without a statement scores under 4: the training data of an ML system usually lives outside git, so finding nothing committed does not show that personal data is handled well, and a statement is expected even then. A statement the repository contradicts (customer personal data committed anyway) counts half.',
  defaultWeight: 2,
  role: 'safeguard',
  criteria: [
    {
      id: 'clean',
      title: 'No personal data in committed data files',
      weight: 3,
      description:
        'Sampled CSV/TSV, JSON/JSONL, notebook outputs, W&B run metadata and Parquet footers hold no e-mail addresses, phone numbers, national identifiers, IBANs or card numbers (1). Only columns named like personal data: 0.3. Only the W&B e-mail of whoever ran a job: 0.5; only a W&B user or host name: 0.8. Files too large or in formats that could not be sampled cost 10 %.',
    },
    {
      id: 'documented',
      title: 'Data handling is documented',
      weight: 5,
      description:
        'A data-handling document (DATA_HANDLING.md, PRIVACY.md, docs/data-protection*.md) or privacy sections in the README, model card or datasheet cover, with real content: what personal data is processed, anonymisation/minimisation, residency, retention and deletion, access control (a fifth each). Halved when customer personal data is committed despite it.',
    },
  ],
  findings: {
    'personal-data': {
      severity: 'error',
      title: 'Personal data in a committed file',
      criterion: 'clean',
      remediation:
        'Remove the file (and purge it from history with git filter-repo), or replace the values with synthetic or pseudonymised ones (keyed hashes, example.com addresses); keep real extracts in access-controlled storage and reference them by version (DVC, a data manifest).',
    },
    'personal-fields': {
      severity: 'warning',
      title: 'Columns named like personal data hold values',
      criterion: 'clean',
      remediation: 'Drop or pseudonymise columns such as names, birth dates and addresses before committing a sample, or state in the data-handling document that the values are synthetic.',
    },
    'tracker-identity': {
      severity: 'warning',
      title: 'Experiment tracker records who ran a job',
      criterion: 'clean',
      remediation: 'Redact `email`, `username` and `host` in committed wandb-metadata.json files (or stop committing the wandb/ folder); W&B records them for every run.',
    },
    'not-sampled': {
      severity: 'info',
      title: 'Data files not sampled',
      criterion: 'clean',
      remediation: 'Files too large to read, beyond the scan budget or in binary formats were not checked for personal data: review them by hand, or keep data out of git and version it with DVC or a data manifest.',
    },
    'no-handling-document': {
      severity: 'warning',
      title: 'No data-handling statement',
      criterion: 'documented',
      remediation:
        'Add DATA_HANDLING.md (or a "Personal data" section in the model card) stating what personal data the system processes, how training data is anonymised or minimised, where data is stored and processed (region), how long it is kept and how it is deleted, and who can access it (roles, IAM).',
    },
    'missing-inventory': { severity: 'warning', title: 'Data handling does not say what personal data is processed', criterion: 'documented', remediation: 'List the personal data the system processes (or state that it processes none), per source: identifiers, contact data, free text.' },
    'missing-minimisation': { severity: 'warning', title: 'No anonymisation or minimisation described', criterion: 'documented', remediation: 'Describe how personal data is removed, pseudonymised (keyed hashes, tokens) or aggregated before training, and which fields are dropped.' },
    'missing-residency': { severity: 'warning', title: 'No data residency stated', criterion: 'documented', remediation: 'State where the data is stored and processed (cloud region, country, on premises) and any transfers outside it.' },
    'missing-retention': { severity: 'warning', title: 'No retention or deletion rules', criterion: 'documented', remediation: 'State how long raw data, features, logs and backups are kept and how they are deleted (lifecycle rules, erasure requests).' },
    'missing-access': { severity: 'warning', title: 'No access control described', criterion: 'documented', remediation: 'State who can access the data and how access is granted and revoked (roles, IAM groups, approval), and whether data is encrypted.' },
  },
  scale: {
    high: 'No personal data in any sampled data file, notebook output or tracker metadata, and a data-handling statement covering inventory, minimisation, residency, retention and access.',
    low: 'Committed files hold e-mail addresses, phone numbers, national identifiers, IBANs or card numbers, and nothing says how personal data is handled.',
  },
  recognises: [
    'CSV/TSV/PSV (column names from the header), JSON and JSON Lines (key names), Jupyter notebook outputs, W&B `wandb-metadata.json` (`email`, `username`, `host`), Parquet footers read as text (schema names and column statistics); Git LFS pointers skipped',
    'e-mail addresses, phone numbers (international, North American, trunk-0 national), US SSN-like and UK NINO-like identifiers, IBANs (ISO 13616 mod-97 and country length), payment cards (Luhn and issuer prefix); bare numbers only in columns named phone/ssn/card',
    'columns named like personal data (first_name, date_of_birth, postcode, …) that hold values',
    'sampling: first 256 KiB and 5,000 rows per file, files up to 8 MiB, 64 MiB and 300 files per scan',
    'DATA_HANDLING.md, PRIVACY.md, docs/data-protection*.md, DPIA documents; privacy and personal-data sections of READMEs, model cards and datasheets',
  ],
  async run(snapshot) {
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const scan = await scanDataFiles(snapshot);
    const clean = judgeScan(scan, evidence, findings);

    const handling = await readHandlingDocuments(snapshot);
    const personalDataFound = clean.customerData || clean.trackerEmail;
    // A statement that the repository itself contradicts is worth half.
    const documented = judgeDocuments(handling, personalDataFound, evidence, findings) * (clean.customerData ? 0.5 : 1);

    const covered = Math.round((clean.customerData ? documented * 2 : documented) * 5);
    const affected = scan.files.filter((file) => file.groups.length > 0 || file.personalFields.length > 0).length;
    const summary =
      `Sampled ${scan.files.length} data file(s) (${formatBytes(scan.bytesRead)} read): ` +
      (affected ? `personal data in ${affected} file(s)` : 'no personal data found') +
      `; data-handling statement covers ${covered}/5 aspects${clean.customerData && covered ? ' (counted half: personal data is committed despite it)' : ''}.`;
    // No data file, notebook or tracker metadata committed: "no personal data in them" would be credit for
    // nothing, so the criterion leaves the weight and the statement alone carries the score.
    const notApplicable = scan.candidates === 0 ? [{ criterion: 'clean', reason: 'no data file, notebook or tracker metadata is committed to sample' }] : [];
    return { status: 'judged', criteria: { clean: unit(clean.value), documented: unit(documented) }, evidence, findings, summary, notApplicable };
  },
});

export default check;

interface CleanVerdict {
  value: number;
  customerData: boolean;
  trackerEmail: boolean;
}

function judgeScan(scan: DataScan, evidence: Evidence[], findings: Finding[]): CleanVerdict {
  const skipped = countBy(scan.notSampled.map((entry) => entry.reason));
  evidence.push({
    path: '.',
    kind: 'personal-data-scan',
    note:
      `${scan.candidates} data-like file(s): ${scan.files.length} sampled, ${formatBytes(scan.bytesRead)} read` +
      (scan.notSampled.length ? `; not sampled: ${[...skipped].map(([reason, n]) => `${n} ${REASON_LABELS[reason]}`).join(', ')}` : '') +
      (scan.notData.length ? `; ${scan.notData.length} JSON file(s) read as configuration, not data (e.g. ${scan.notData[0].path}: ${scan.notData[0].why})` : ''),
  });

  let value = 1;
  let customerData = false;
  let trackerEmail = false;
  let listed = 0;
  const ordered = [...scan.files].sort((a, b) => weight(b) - weight(a) || (a.path < b.path ? -1 : 1));
  for (const file of ordered) {
    const tracker = file.format === 'wandb-metadata';
    for (const group of file.groups) {
      if (tracker) trackerEmail = true;
      else customerData = true;
      if (listed++ < MAX_FILE_FINDINGS) findings.push(findingFrom(check, 'personal-data', personalDataMessage(file, group), { path: file.path, ...(group.lines[0] ? { line: group.lines[0] } : {}) }));
    }
    if (file.personalFields.length > 0 && listed++ < MAX_FILE_FINDINGS) {
      const names = file.personalFields.map((field) => `\`${safeName(field.field)}\``).join(', ');
      findings.push(findingFrom(check, 'personal-fields', `${file.format === 'parquet' ? 'The Parquet schema' : 'The sample'} has ${file.personalFields.length} column(s) named like personal data, with values: ${names}.`, { path: file.path, ...(file.personalFields[0].line ? { line: file.personalFields[0].line } : {}) }));
      value = Math.min(value, 0.3);
    }
    if (file.identity.length > 0 && listed++ < MAX_FILE_FINDINGS) {
      const fields = file.identity.map((entry) => `\`${entry.field}\``).join(' and ');
      findings.push(findingFrom(check, 'tracker-identity', `W&B run metadata records the ${fields} of the machine and person that ran the job.`, { path: file.path, ...(file.identity[0].line ? { line: file.identity[0].line } : {}) }));
      value = Math.min(value, 0.8);
    }
  }
  if (listed > MAX_FILE_FINDINGS) findings.push(findingFrom(check, 'personal-data', `${listed - MAX_FILE_FINDINGS} more personal-data finding(s) not listed.`));
  const strong = scan.files.some((file) => file.format !== 'wandb-metadata' && file.groups.some((group) => STRONG_KINDS.has(group.kind)));
  if (customerData || strong) value = 0;
  else if (trackerEmail) value = Math.min(value, 0.5);

  for (const file of ordered.slice(0, MAX_FILE_EVIDENCE)) evidence.push(describeFile(file));
  if (ordered.length > MAX_FILE_EVIDENCE) evidence.push({ path: '.', kind: 'data-file', note: `${ordered.length - MAX_FILE_EVIDENCE} more sampled file(s) not listed` });

  const unchecked = scan.notSampled.filter((entry) => entry.reason !== 'lfs-pointer');
  if (unchecked.length > 0) {
    const examples = unchecked.slice(0, 5).map((entry) => `${entry.path} (${REASON_LABELS[entry.reason]})`).join(', ');
    findings.push(findingFrom(check, 'not-sampled', `${unchecked.length} data-like file(s) were not checked for personal data: ${examples}${unchecked.length > 5 ? ', …' : ''}.`, { path: unchecked[0].path }));
    value *= 0.9;
  }
  return { value, customerData, trackerEmail };
}

function judgeDocuments(handling: Awaited<ReturnType<typeof readHandlingDocuments>>, personalDataFound: boolean, evidence: Evidence[], findings: Finding[]): number {
  if (handling.documents.length === 0) {
    findings.push(
      findingFrom(
        check,
        'no-handling-document',
        personalDataFound
          ? 'Personal data was found in committed files and no document says how personal data is handled (looked for DATA_HANDLING.md, PRIVACY.md, docs/data-protection*.md and privacy sections in READMEs, model cards and datasheets).'
          : 'No document says how personal data is handled (looked for DATA_HANDLING.md, PRIVACY.md, docs/data-protection*.md and privacy sections in READMEs, model cards and datasheets). An ML system trained on customer data needs one even when none is committed.',
        { severity: personalDataFound ? 'error' : 'warning' },
      ),
    );
    return 0;
  }
  const coverage = judgeHandling(handling.documents);
  const covered = [...coverage.entries()].filter(([, where]) => where !== null);
  for (const path of handling.dedicated) {
    const here = covered.filter(([, where]) => where!.path === path).map(([id]) => id);
    evidence.push({ path, line: 1, kind: 'data-handling-doc', note: `covers ${here.length ? here.join(', ') : 'none of the five aspects'}` });
  }
  for (const section of handling.withSection) {
    const here = covered.filter(([, where]) => where!.path === section.path).map(([id]) => id);
    evidence.push({ path: section.path, line: section.line, kind: 'privacy-section', note: `"${section.heading.slice(0, 60)}": covers ${here.length ? here.join(', ') : 'none of the five aspects'}` });
  }
  const anchor = handling.dedicated[0] ?? handling.withSection[0]?.path;
  for (const aspect of HANDLING_ASPECTS) {
    if (coverage.get(aspect.id)) continue;
    findings.push(findingFrom(check, `missing-${aspect.id}` satisfies `missing-${HandlingAspectId}`, `The data-handling documentation does not say ${aspect.label}.`, anchor ? { path: anchor } : {}));
  }
  return covered.length / HANDLING_ASPECTS.length;
}

const REASON_LABELS: Readonly<Record<NotSampledReason, string>> = {
  'too-large': 'larger than the 8 MiB read cap',
  budget: 'beyond the scan budget',
  'file-cap': 'beyond the 300-file cap',
  unreadable: 'unreadable',
  'lfs-pointer': 'Git LFS pointer (data not in the repository)',
  'binary-format': 'binary format not sampled (xlsx, feather, avro, sqlite, …)',
  'not-parquet': 'not a readable Parquet file',
  'not-parsed': 'not parsed',
  'binary-content': 'binary content',
};

function personalDataMessage(file: DataFileScan, group: PersonalDataGroup): string {
  const where =
    file.format === 'wandb-metadata'
      ? ` in the W&B run metadata field \`${safeName(group.field ?? '')}\` (the person who ran the job)`
      : file.format === 'notebook'
        ? ` in the output of cell${group.cells.length > 1 ? 's' : ''} ${group.cells.join(', ')}`
        : file.format === 'parquet'
          ? ' in the Parquet footer (column statistics or metadata)'
          : group.field
            ? ` in ${file.format === 'csv' ? 'column' : 'field'} \`${safeName(group.field)}\``
            : '';
  const lines = group.lines.length ? ` at line${group.lines.length > 1 ? 's' : ''} ${group.lines.join(', ')}${group.count > group.lines.length ? ', …' : ''}` : '';
  const sample = file.partial ? ` (first ${file.sampledRows} row(s) sampled)` : '';
  return `${capitalise(describeCount(group.kind, group.count))}${where}${lines}${sample}.`;
}

function describeFile(file: DataFileScan): Evidence {
  const found = file.groups.map((group) => `${describeCount(group.kind, group.count)}${group.field ? ` (${safeName(group.field)})` : ''}`);
  if (file.personalFields.length) found.push(`${file.personalFields.length} personal-looking column(s)`);
  if (file.identity.length) found.push(`tracker identity (${file.identity.map((entry) => entry.field).join(', ')})`);
  const sampled = file.format === 'parquet' ? `footer ${formatBytes(file.sampledBytes)}` : `${file.sampledRows} ${file.format === 'notebook' ? 'output(s)' : 'row(s)'}, ${formatBytes(file.sampledBytes)}${file.partial ? ' (head only)' : ''}`;
  return { path: file.path, kind: 'data-file', note: `${file.format}${file.format === 'json' ? ` (sampled as ${file.why})` : ''}, ${sampled}: ${found.length ? found.join(', ') : 'no personal data in the sample'}` };
}

/** Column and key names come from the repository: shown only when they look like names, never as free text. */
function safeName(name: string): string {
  const trimmed = name.trim().slice(0, 40);
  return /^[\p{L}\p{N}_ .()-]+$/u.test(trimmed) ? trimmed : 'unnamed';
}

function weight(file: DataFileScan): number {
  return file.groups.length * 2 + file.personalFields.length + file.identity.length;
}

function countBy<T>(items: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
