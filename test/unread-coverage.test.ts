// Say what was not read (#16): documents in formats a check does not open and code in languages it does not
// search are named in the report's coverage per check, with the reason, and a check that found nothing while
// documents named like its artifacts sit unread says so in a finding. Real trees, scanned end to end.
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import reportSchema from '../schemas/report.schema.json' with { type: 'json' };
import { CHECK_READS } from '../src/unread/check-reads.js';
import { unreadDocumentsFinding } from '../src/unread/unread-findings.js';
import { unreadCoverage, type UnreadEntry } from '../src/unread/unread.js';
import type { Report } from '../src/report/report.js';
import { renderChecklist } from '../src/reporters/checklist.js';
import { renderMarkdown } from '../src/reporters/markdown.js';
import { renderText } from '../src/reporters/text.js';
import { compileSchema } from '../src/schemas.js';
import { makeTree, scanDir } from './helpers.js';

const validate = compileSchema<Report>(reportSchema);

/** A zip archive with stored (uncompressed) entries: the container of DOCX, PPTX and XLSX files. */
function storedZip(entries: Record<string, string>): Uint8Array {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    local.push(header, nameBytes, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += header.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

/** A Word document as Word writes its minimum: content types, the package relation, the body. */
function docx(paragraph: string): Uint8Array {
  return storedZip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${paragraph}</w:t></w:r></w:p></w:body></w:document>`,
  });
}

/** A one-page PDF with a text line, offsets computed so readers accept its cross-reference table. */
function pdf(line: string): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 12 Tf 72 720 Td (${line}) Tj ET`.length} >>\nstream\nBT /F1 12 Tf 72 720 Td (${line}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const RST_INDEX = 'Kestrel churn\n=============\n\n.. toctree::\n   :maxdepth: 2\n\n   api\n';
const RST_API = 'API\n===\n\n.. automodule:: kestrel.serve\n   :members:\n';
const GO_TRAIN = 'package main\n\nimport "math/rand"\n\nfunc main() {\n\trand.Seed(42)\n\ttrain()\n}\n\nfunc train() {}\n';
const RUBY_MODEL = 'class ChurnScore < ApplicationRecord\n  validates :customer_id, presence: true\nend\n';

function entriesOf(report: Report, check: string): UnreadEntry[] {
  return (report.coverage.unread ?? []).filter((entry) => entry.check === check);
}

describe('the report names what each check could not read', () => {
  it('a PDF runbook, a Word ADR, Sphinx RST and Go/Ruby code are named per check; vendored copies are not', async () => {
    const dir = makeTree({
      'README.md': '# Kestrel churn\n\nChurn scoring service. Operations are in docs/ops.\n',
      'docs/ops/Runbook.pdf': pdf('Restart the scoring service: kubectl rollout restart deploy/kestrel'),
      'docs/adr/0001-use-postgres.docx': docx('Status: accepted. Context: we need a store. Decision: PostgreSQL.'),
      'docs/index.rst': RST_INDEX,
      'docs/api.rst': RST_API,
      'cmd/train/main.go': GO_TRAIN,
      'app/models/churn_score.rb': RUBY_MODEL,
      'scripts/deploy.sh': '#!/bin/sh\nkubectl apply -f k8s/\n',
      // Not the delivery's own: never counted.
      'node_modules/some-lib/docs/Runbook.pdf': pdf('vendored'),
      'vendor/github.com/acme/lib/seed.go': GO_TRAIN,
      '.venv/lib/python3.11/site-packages/x/decisions.docx': docx('vendored'),
      'dist/docs/adr/0002.pdf': pdf('built'),
    });
    const report = await scanDir(dir);
    expect(validate(report).ok ? [] : (validate(report) as { all: unknown[] }).all).toEqual([]);

    const runbooks = entriesOf(report, 'runbooks');
    expect(runbooks.find((entry) => entry.what === 'PDF')).toEqual({
      check: 'runbooks',
      kind: 'document-format',
      what: 'PDF',
      files: 1,
      examples: ['docs/ops/Runbook.pdf'],
      named: 1,
      reason: 'the check reads Markdown only',
    });
    expect(entriesOf(report, 'decision-records').map((entry) => [entry.what, entry.files, entry.named, entry.examples])).toEqual([
      ['RST', 2, 0, ['docs/api.rst', 'docs/index.rst']],
      ['DOCX', 1, 1, ['docs/adr/0001-use-postgres.docx']],
      ['PDF', 1, 0, ['docs/ops/Runbook.pdf']],
    ]);
    // living-docs and ownership read RST: only the formats they skip are named.
    expect(entriesOf(report, 'living-docs').map((entry) => entry.what).sort()).toEqual(['DOCX', 'PDF']);
    expect(entriesOf(report, 'ownership').some((entry) => entry.what === 'RST')).toBe(false);

    // Go and Ruby under a Python-only seed scan; shell glue is not code that holds seeds.
    expect(entriesOf(report, 'reproducibility')).toEqual([
      { check: 'reproducibility', kind: 'language', what: 'Go', files: 1, examples: ['cmd/train/main.go'], reason: 'the check looks for seeds and training code in Python only' },
      { check: 'reproducibility', kind: 'language', what: 'Ruby', files: 1, examples: ['app/models/churn_score.rb'], reason: 'the check looks for seeds and training code in Python only' },
    ]);
    // llm-system reads Go and Ruby string literals for prompts (#16): nothing left unread.
    expect(entriesOf(report, 'llm-system').map((entry) => entry.what)).toEqual([]);
    // The tests check reads Go and Ruby; none of these files looks like a test.
    expect(entriesOf(report, 'tests')).toEqual([]);

    const everyExample = (report.coverage.unread ?? []).flatMap((entry) => entry.examples);
    expect(everyExample.filter((path) => /node_modules|vendor\/|\.venv|dist\//.test(path))).toEqual([]);
    expect(everyExample).not.toContain('scripts/deploy.sh');

    // The checks that found nothing say where their artifacts may be.
    const finding = (id: string) => report.checks.find((check) => check.id === id)!.findings.find((candidate) => candidate.id === 'unread-documents');
    expect(finding('runbooks')).toMatchObject({ severity: 'info', path: 'docs/ops/Runbook.pdf', message: expect.stringContaining('1 document(s) in formats not read (PDF)') });
    expect(finding('decision-records')).toMatchObject({ severity: 'info', path: 'docs/adr/0001-use-postgres.docx', message: expect.stringContaining('(DOCX)') });
    // Nothing named like a model card went unread: no finding, though the coverage lists the docs.
    expect(finding('model-card')).toBeUndefined();
    expect(entriesOf(report, 'model-card').length).toBeGreaterThan(0);

    const text = renderText(report, { color: false });
    expect(text).toContain(
      '  Not read by decision-records, model-card, runbooks, data-protection: 2 RST, 1 DOCX, 1 PDF document(s) (docs/adr/0001-use-postgres.docx, docs/ops/Runbook.pdf, docs/api.rst, …); each reads Markdown only.',
    );
    expect(text).toContain('  Not read by reproducibility: 1 Go, 1 Ruby file(s) (cmd/train/main.go, app/models/churn_score.rb); the check looks for seeds and training code in Python only.');
    expect(renderMarkdown(report)).toMatch(/; not read: [^\n]*`reproducibility` 1 Go, 1 Ruby/);
  });

  it('a tree holding only formats and languages the checks read reports nothing unread', async () => {
    const report = await scanDir(
      makeTree({
        'README.md': '# Kestrel\n\nChurn model.\n',
        'docs/runbooks/deploy.md': '# Deploy\n\n1. Build the image.\n2. Roll it out.\n',
        'docs/adr/0001-record-decisions.md': '# 1. Record decisions\n\nStatus: accepted\n',
        'src/kestrel/train.py': 'import random\nrandom.seed(7)\n',
        'tests/test_train.py': 'def test_seed():\n    assert True\n',
        'params.yaml': 'seed: 7\n',
        'Makefile': 'train:\n\tpython -m kestrel.train\n',
      }),
    );
    expect(report.coverage.unread).toEqual([]);
    expect(report.checks.flatMap((check) => check.findings).filter((finding) => finding.id === 'unread-documents')).toEqual([]);
    expect(renderText(report, { color: false })).not.toContain('Not read by');
    expect(validate(report).ok).toBe(true);
  });
});

describe('unread files in the acceptance checklist', () => {
  it('are listed for review by hand, a hostile file name escaped', async () => {
    const hostile = 'docs/ops/<img src=x onerror=alert(1)>`runbook`.pdf';
    const report = await scanDir(makeTree({ 'README.md': '# Kestrel\n', [hostile]: pdf('Restart the service') }));
    const checklist = renderChecklist(report);
    expect(checklist).toContain('## Not read (review by hand)');
    const line = checklist.split('\n').find((candidate) => candidate.startsWith('- `runbooks`: 1 PDF document(s)'))!;
    expect(line).toMatch(/: the check reads Markdown only$/);
    // Inside a code span (fenced past its backticks) the markup is text, not HTML.
    expect(line).toContain('(``docs/ops/<img src=x onerror=alert(1)>`runbook`.pdf``)');
  });
});

describe('unread files in the terminal report', () => {
  it('checks share a line only when they left the same files unread', async () => {
    const report = await scanDir(
      makeTree({
        'README.md': '# Scorer\n',
        'scorer/reports/releases/eval_visualization.html': '<html><body><h1>Evaluation</h1></body></html>\n',
        'scorer/reports/releases/monitoring_dashboard.html': '<html><body><h1>Monitoring</h1></body></html>\n',
      }),
    );
    const lines = renderText(report, { color: false }).split('\n').filter((line) => line.startsWith('  Not read by'));
    expect(lines).toEqual([
      '  Not read by evaluation-criteria: 1 HTML document(s) (scorer/reports/releases/eval_visualization.html); the check reads Markdown, YAML and JSON only.',
      '  Not read by monitoring: 1 HTML document(s) (scorer/reports/releases/monitoring_dashboard.html); the check reads Markdown, YAML and JSON only.',
    ]);
  });
});

describe('which unread files matter to which check', () => {
  const declared = (...ids: string[]) => ids.map((id) => ({ id, reads: CHECK_READS[id] }));

  it('documents count in the documentation places or when named like the artifact; HTML templates never', () => {
    const entries = unreadCoverage(
      [
        'Risk_Register.xlsx',
        'app/templates/privacy-notice.html',
        'docs/architecture.html',
        'notes/random.pdf',
        'services/scoring/docs/operations-overview.odt',
        'ops/rollback-procedure.pdf',
        'reports/known-issues.docx',
        'static/help.html',
      ],
      declared('runbooks', 'failure-modes'),
    );
    expect(entries.map((entry) => [entry.check, entry.what, entry.examples])).toEqual([
      ['runbooks', 'HTML', ['docs/architecture.html']],
      ['runbooks', 'ODT', ['services/scoring/docs/operations-overview.odt']],
      ['runbooks', 'PDF', ['ops/rollback-procedure.pdf']],
      ['failure-modes', 'DOCX', ['reports/known-issues.docx']],
      ['failure-modes', 'HTML', ['docs/architecture.html']],
      ['failure-modes', 'ODT', ['services/scoring/docs/operations-overview.odt']],
      ['failure-modes', 'XLSX', ['Risk_Register.xlsx']],
    ]);
    // A spreadsheet is a risk register's format, not a runbook's.
    expect(entries.some((entry) => entry.check === 'runbooks' && entry.what === 'XLSX')).toBe(false);
  });

  it('plain text counts only when its own name says what it is; a catch-all deliverable is named for every check', () => {
    const entries = unreadCoverage(
      [
        'datasets/tickets/labels.txt',
        'deploy-requirements.txt',
        'docs/Handover_Documentation.pdf',
        'docs/notes.txt',
        'docs/report/main.tex',
        'ops/runbook.txt',
      ],
      declared('runbooks', 'dataset-versioning', 'living-docs'),
    );
    expect(entries.map((entry) => [entry.check, entry.what, entry.files, entry.named, entry.examples])).toEqual([
      ['runbooks', 'LaTeX', 1, 0, ['docs/report/main.tex']],
      ['runbooks', 'PDF', 1, 1, ['docs/Handover_Documentation.pdf']],
      ['runbooks', 'TXT', 1, 1, ['ops/runbook.txt']],
      ['dataset-versioning', 'LaTeX', 1, 0, ['docs/report/main.tex']],
      ['dataset-versioning', 'PDF', 1, 1, ['docs/Handover_Documentation.pdf']],
      // living-docs reads plain text, and judges the documentation as a whole (no vocabulary: nothing is "named").
      ['living-docs', 'LaTeX', 1, undefined, ['docs/report/main.tex']],
      ['living-docs', 'PDF', 1, undefined, ['docs/Handover_Documentation.pdf']],
    ]);
  });

  it('code counts in the languages a check does not search, only where it looks (tests: test code)', () => {
    const entries = unreadCoverage(
      ['lib/churn.ex', 'test/churn_test.exs', 'spec/models/churn_spec.rb', 'eval/gate.go', 'eval/gate.rs', 'src/server.rs', 'build.sh', 'Dockerfile', 'infra/main.tf'],
      declared('tests', 'evaluation-criteria'),
    );
    expect(entries).toEqual([
      { check: 'tests', kind: 'language', what: 'Elixir', files: 1, examples: ['test/churn_test.exs'], reason: expect.stringMatching(/^the check looks for test cases in Python, .* and Hack only$/) },
      { check: 'evaluation-criteria', kind: 'language', what: 'Rust', files: 1, examples: ['eval/gate.rs'], reason: expect.stringContaining('threshold constants in evaluation code') },
    ]);
  });

  it('a thousand unread documents are counted, with three examples, those named like the artifact first', () => {
    const paths = [...Array.from({ length: 1000 }, (_, i) => `docs/scans/page-${String(i).padStart(4, '0')}.pdf`), 'docs/scans/zz-incident-runbook.pdf'].sort();
    const [entry] = unreadCoverage(paths, declared('runbooks'));
    expect(entry).toMatchObject({ what: 'PDF', files: 1001, named: 1, examples: ['docs/scans/zz-incident-runbook.pdf', 'docs/scans/page-0000.pdf', 'docs/scans/page-0001.pdf'] });
  });

  it('front ends, documentation sites, CI and infrastructure code, templates and tool folders are not model code', () => {
    const entries = unreadCoverage(
      [
        '.yarn/releases/yarn-4.2.2.cjs',
        'app/assets/javascripts/admin.js',
        'docs/docs/js/extra.js',
        'docs/overrides/main.html',
        'frontend/src/App.tsx',
        'infra/main.bicep',
        'jenkins/1-configureJenkins.groovy',
        'model/alembic/script.py.mako',
        'vite.config.ts',
        'webapi/Controllers/MaintenanceController.cs',
        'webapi/Training/TrainModel.cs',
      ],
      declared('reproducibility', 'experiment-tracking', 'runbooks'),
    );
    expect(entries.map((entry) => [entry.check, entry.what, entry.examples])).toEqual([
      ['reproducibility', 'C#', ['webapi/Controllers/MaintenanceController.cs', 'webapi/Training/TrainModel.cs']],
      // A training entry point by name (`TrainModel.cs`), not any name that starts with "main" or "run".
      ['experiment-tracking', 'C#', ['webapi/Training/TrainModel.cs']],
    ]);
  });

  it('the finding is only for a check that found nothing, and only names documents named like its artifacts', () => {
    const entries = unreadCoverage(['docs/ops/Runbook.pdf', 'docs/guide.pdf', 'docs/runbooks/restart.docx'], declared('runbooks'));
    const empty = { id: 'runbooks', status: 'fail' as const, score: 0, evidence: [], findings: [] };
    expect(unreadDocumentsFinding(empty, entries)).toMatchObject({
      id: 'unread-documents',
      message: '2 document(s) in formats not read (PDF, DOCX) may hold what this check looks for: docs/ops/Runbook.pdf, docs/runbooks/restart.docx.',
      path: 'docs/ops/Runbook.pdf',
    });
    const found = { ...empty, status: 'pass' as const, score: 8, evidence: [{ path: 'RUNBOOK.md', kind: 'runbook' }] };
    expect(unreadDocumentsFinding(found, entries)).toBeNull();
    const cutShort = { ...empty, findings: [{ id: 'deadline-exceeded', severity: 'error' as const, message: 'x' }] };
    expect(unreadDocumentsFinding(cutShort, entries)).toBeNull();
    expect(unreadDocumentsFinding({ ...empty, status: 'skip' }, entries)).toBeNull();
  });
});
