// data-protection: personal data in committed data files (CSV, JSON Lines, notebook outputs, W&B metadata, Parquet
// footers), found by kind and location and never shown; the data-handling statement judged by its sections.
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import check from '../checks/data-protection.js';
import { detectPersonalData, luhnValid, validIban, type PersonalDataKind } from '../src/data-protection/detectors.js';
import { readParquetFooterText } from '../src/data-protection/parquet-footer.js';
import { REPORTERS } from '../src/reporters/index.js';
import { FIXTURES, findingIds, makeTree, runCheck, runRaw, scanDir, tempDir } from './helpers.js';

const kinds = (text: string, field?: string): PersonalDataKind[] => detectPersonalData(text, field).map((d) => d.kind);

const HANDLING = `# Data handling

## Personal data processed

The model is trained on customer-month snapshots from the CRM export; customers are identified only by a pseudonymous key.

## Minimisation

Names, addresses, phone numbers and e-mail addresses are removed by the export job before the data reaches the project.

## Residency

All data is stored and processed in the AWS region eu-west-1 (Ireland); nothing is transferred outside the EU.

## Retention and deletion

Snapshots are deleted after 36 months by a bucket lifecycle rule; erasure requests are applied at the next monthly export.

## Access control

Access is granted through the IAM role ml-data-reader, approved by the data owner and reviewed every quarter.
`;

describe('detectors', () => {
  test.each([
    ['e-mail', 'contact alex.example@example.com today', ['email']],
    ['file names are not addresses', 'see icon@2x.png and pkg@1.2.js', []],
    // #17: decorators and matrix products in LLM answers and notebooks end in no top-level domain.
    ['decorators and matrix products are not addresses', 'use the `@serve.deployment` decorator:\\n@ray.remote\\nclass Counter: ... scores = q@k.transpose(-2, -1)', []],
    // A URL's user or password before `@` is not a mailbox (a connection string in documentation, JSON-escaped too).
    ['URL credentials are not addresses', 'ZENML_STORE_URL=mysql:\\/\\/root:pass@host.docker.internal and ssh://git@gitlab.example.com', []],
    ['an address after a colon is still one', 'mailto:ops@kestrel.co.uk', ['email']],
    // #17: the stand-ins a model's answer or a form template writes are nobody's mailbox or number.
    ['placeholder mailboxes are not addresses', 'Write to foo@bar.com, your.email@domain.com, user@example.com, 222@gmail.com or CustomerSupport@yourcompany.com', []],
    ['a person at a reserved domain still counts', 'alex.example@example.com and ops@acme-analytics.io', ['email', 'email']],
    ['the stock names of templates are stand-ins', 'Reach john.smith@example.com or jane.doe@example.org', []],
    ['filler phone numbers are not numbers', 'Call (555) 555-5555 or 123-456-7890', []],
    ['an address right after a JSON escape keeps its own local part', 'Forwarded message\\nkevin.harris@beis.gov.uk wrote', ['email']],
    ['country-code and generic domains', 'ops@kestrel.co.uk, data@kestrel.io, team@kestrel.ai', ['email', 'email', 'email']],
    ['international phone', 'call +44 20 7946 0018 or +1-206-555-0142', ['phone', 'phone']],
    ['North American phone', '(312) 555-0187 and 206.555.0199', ['phone', 'phone']],
    ['trunk-0 national phone', 'Tel. 020 7946 0018', ['phone']],
    ['dates, versions and floats are not phones', '2025-03-01 10:15:04 v1.2.3 0.123456789 +1.5e-3 192.168.001.100', []],
    ['SSN-like', 'ssn 987-65-4320', ['us-ssn']],
    ['SSN ranges never issued', '000-12-3456 666-12-3456 123-00-4567 123-45-0000', []],
    ['UK NINO-like', 'NI number AB 12 34 56 C and AB123456C', ['uk-nino', 'uk-nino']],
    ['NINO prefixes never allocated', 'GB123456A QQ123456C', []],
    ['IBAN with a valid checksum', 'pay GB82 WEST 1234 5698 7654 32 or DE89370400440532013000', ['iban', 'iban']],
    ['IBAN with a wrong checksum', 'GB83 WEST 1234 5698 7654 32', []],
    ['card numbers pass Luhn', '4111 1111 1111 1111 / 3782 822463 10005', ['payment-card', 'payment-card']],
    ['card-shaped numbers failing Luhn', '4111 1111 1111 1112', []],
  ])('%s', (_name, text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  test('bare numbers count only under a column that names them', () => {
    expect(kinds('4111111111111111')).toEqual([]);
    expect(kinds('4111111111111111', 'card_number')).toEqual(['payment-card']);
    expect(kinds('2065550142')).toEqual([]);
    expect(kinds('2065550142', 'mobile')).toEqual(['phone']);
    expect(kinds('987654320', 'ssn')).toEqual(['us-ssn']);
    expect(kinds('12345', 'phone')).toEqual([]);
  });

  test('checksums', () => {
    expect(validIban('NL91ABNA0417164300')).toBe(true);
    expect(validIban('NL91ABNA0417164301')).toBe(false);
    expect(validIban('XX91ABNA0417164300')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });

  test('linear time on hostile lines', () => {
    const hostile = ['a'.repeat(60_000) + '@', '+1' + ' 1'.repeat(30_000), '1-'.repeat(30_000), 'A'.repeat(30_000) + '12', '@'.repeat(60_000)];
    const started = Date.now();
    for (const text of hostile) detectPersonalData(text, 'phone');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('personal data in committed files', () => {
  test('a CSV sample: counts per kind and column, with lines, values never shown', async () => {
    const csv = 'id,customer_email,phone,notes\n1,alex.example@example.com,+1 206 555 0142,ok\n2,sam.sample@example.org,(312) 555-0187,ok\n3,,,no contact\n';
    const outcome = await runRaw(check, { 'data/contacts.csv': csv, 'DATA_HANDLING.md': HANDLING });
    if (outcome.status !== 'judged') throw new Error('expected judged');
    const found = outcome.findings.filter((finding) => finding.id === 'personal-data');
    expect(found.map((finding) => [finding.path, finding.line, finding.message])).toEqual([
      ['data/contacts.csv', 2, '2 e-mail addresses in column `customer_email` at lines 2, 3.'],
      ['data/contacts.csv', 2, '2 phone numbers in column `phone` at lines 2, 3.'],
    ]);
    expect(outcome.criteria.clean).toBe(0);
    expect(outcome.criteria.documented).toBe(0.5); // the statement is contradicted by the committed file
    expect(outcome.evidence.find((entry) => entry.path === 'data/contacts.csv')?.note).toBe('csv, 4 row(s), 134 B: 2 e-mail addresses (customer_email), 2 phone numbers (phone)');
  });

  test('JSON Lines: the key a value sits under, and bare numbers under a named key', async () => {
    const jsonl = '{"ticket": 1, "from": "alex.example@example.com", "text": "please call me"}\n{"ticket": 2, "msisdn": "442079460018", "text": "card 4111 1111 1111 1111"}\n';
    const outcome = await runRaw(check, { 'logs/transcripts.jsonl': jsonl });
    const messages = outcome.findings?.filter((finding) => finding.id === 'personal-data').map((finding) => `${finding.line}: ${finding.message}`);
    expect(messages).toEqual(['1: 1 e-mail address in field `from` at line 1.', '2: 1 payment card number (Luhn valid) in field `text` at line 2.', '2: 1 phone number in field `msisdn` at line 2.']);
  });

  test('notebook outputs are scanned, sources are not; the line in the .ipynb is found', async () => {
    const notebook = JSON.stringify(
      {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [
          { cell_type: 'code', source: ['# write to ops@example.com if this fails\n', 'df.head()'], outputs: [{ output_type: 'execute_result', data: { 'text/plain': ['   name  email\n', '0  Alex  alex.example@example.com\n'] } }] },
          { cell_type: 'code', source: ['print(1)'], outputs: [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }] },
        ],
      },
      null,
      1,
    );
    const outcome = await runRaw(check, { 'notebooks/eda.ipynb': notebook });
    const found = outcome.findings?.filter((finding) => finding.id === 'personal-data');
    expect(found?.map((finding) => [finding.path, finding.message])).toEqual([['notebooks/eda.ipynb', expect.stringMatching(/^1 e-mail address in the output of cell 1 at line \d+\.$/)]]);
    const line = notebook.split('\n').findIndex((text) => text.includes('alex.example@example.com')) + 1;
    expect(found?.[0].line).toBe(line);
  });

  test('a Parquet footer read as text: column statistics and personal column names', async () => {
    const footer = Buffer.concat([Buffer.from([0x15, 0x04]), Buffer.from('customer_email'), Buffer.from([0x18, 0x18]), Buffer.from('alex.example@example.com'), Buffer.from([0x00, 0x16]), Buffer.from('date_of_birth'), Buffer.from([0x00])]);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(footer.length);
    const parquet = Buffer.concat([Buffer.from('PAR1'), Buffer.from([1, 2, 3, 0, 0]), footer, length, Buffer.from('PAR1')]);
    expect(readParquetFooterText(new Uint8Array(parquet))).toMatchObject({ ok: true, footerBytes: footer.length });
    const outcome = await runRaw(check, { 'data/customers.parquet': new Uint8Array(parquet), 'data/broken.parquet': new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]) });
    expect(outcome.findings?.filter((finding) => finding.path === 'data/customers.parquet').map((finding) => [finding.id, finding.message])).toEqual([
      ['personal-data', '1 e-mail address in the Parquet footer (column statistics or metadata).'],
      ['personal-fields', 'The Parquet schema has 2 column(s) named like personal data, with values: `customer_email`, `date_of_birth`.'],
    ]);
    expect(outcome.findings?.find((finding) => finding.id === 'not-sampled')?.message).toContain('data/broken.parquet (not a readable Parquet file)');
  });

  test('W&B metadata: the e-mail counts as personal data, user and host as tracker identity', async () => {
    const metadata = JSON.stringify({ program: 'train.py', host: 'ferrous-dev-07', username: 'jdoe', email: 'j.doe@ferrous-labs.example' }, null, 4);
    const outcome = await runRaw(check, { 'wandb/run-20250310_101500-3k9x2m1q/files/wandb-metadata.json': metadata, 'DATA_HANDLING.md': HANDLING });
    if (outcome.status !== 'judged') throw new Error('expected judged');
    expect(outcome.findings.map((finding) => [finding.id, finding.line])).toEqual([
      ['personal-data', 5],
      ['tracker-identity', 3],
    ]);
    expect(outcome.criteria.clean).toBe(0.5);
  });

  test('columns named like personal data count only when they hold values', async () => {
    const empty = await runRaw(check, { 'data/a.csv': 'id,first_name,last_name\n1,,\n2,,\n' });
    expect(empty.findings?.map((finding) => finding.id)).not.toContain('personal-fields');
    const filled = await runRaw(check, { 'data/a.csv': 'id,first_name,plan_name\n1,Alex,Flex 10\n' });
    expect(filled.findings?.find((finding) => finding.id === 'personal-fields')?.message).toBe('The sample has 1 column(s) named like personal data, with values: `first_name`.');
  });

  test('a headerless CSV never shows a data row as a column name', async () => {
    const outcome = await runRaw(check, { 'data/raw.csv': 'Alex Example,42,alex.example@example.com\nSam Sample,37,sam.sample@example.org\n' });
    expect(outcome.findings?.find((finding) => finding.id === 'personal-data')?.message).toBe('2 e-mail addresses in column `column 3` at lines 1, 2.');
  });

  test('tool configuration JSON, LFS pointers and binary formats are not sampled as data', async () => {
    const outcome = await runRaw(check, {
      'package.json': '{"author": "Alex Example <alex.example@example.com>"}',
      '.vscode/settings.json': '{"x": "alex.example@example.com"}',
      'data/big.csv': 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n',
      'data/extract.xlsx': new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]),
    });
    expect(outcome.findings?.filter((finding) => finding.id === 'personal-data')).toEqual([]);
    expect(outcome.findings?.find((finding) => finding.id === 'not-sampled')?.message).toBe('1 data-like file(s) were not checked for personal data: data/extract.xlsx (binary format not sampled (xlsx, feather, avro, sqlite, …)).');
    expect(outcome.evidence?.[0].note).toBe('2 data-like file(s): 0 sampled, 130 B read; not sampled: 1 Git LFS pointer (data not in the repository), 1 binary format not sampled (xlsx, feather, avro, sqlite, …)');
  });

  test('JSON that is configuration, not records, is never sampled as data; records are, with the reason (#17)', async () => {
    const lottie = JSON.stringify({ v: '5.7.3', fr: 60, ip: 0, op: 180, w: 1920, h: 1920, nm: 'animation', ddd: 0, assets: [], layers: [{ ddd: 0, ind: 1, ty: 4, nm: 'Tick', ip: 0, op: 180, st: 0 }, { ddd: 0, ind: 2, ty: 4, nm: 'Ring', ip: 0, op: 180, st: 0 }] });
    const outcome = await runRaw(check, {
      'frontend/src/animations/success_tick.json': lottie,
      '.devcontainer.json': '{\n  "name": "app",\n  "postCreateCommand": "pip install -r requirements.txt",\n  "remoteUser": "vscode"\n}\n',
      'app.json': '{\n  "name": "chat",\n  "env": { "ADMIN_EMAIL": { "value": "ops.team@kestrel-analytics.co.uk" } }\n}\n',
      'cypress.json': '{\n  "baseUrl": "http://localhost:3000",\n  "env": { "username": "e2e-user", "email": "qa.bot@kestrel-analytics.co.uk" }\n}\n',
      'features/default/params.json': '{\n  "zipcode": 50000,\n  "bedrooms": 4\n}\n',
      'api/openapi.json': '{\n  "openapi": "3.0.0",\n  "components": { "examples": { "owner": { "email": "octocat@github.com" } } }\n}\n',
      // Records are data wherever they are, and a data folder holds data whatever its shape.
      'web/fixtures-copy/customers.json': '[\n{"first_name": "Dana", "email": "dana.whitfield@kestrel-mail.co.uk"},\n{"first_name": "Omar", "email": "omar.haddad@kestrel-mail.co.uk"}\n]\n',
      'data/export/account.json': '{\n  "owner": "lena.brandt@kestrel-mail.co.uk"\n}\n',
    });
    const paths = new Set(outcome.findings?.filter((finding) => finding.id === 'personal-data' || finding.id === 'personal-fields').map((finding) => finding.path));
    expect([...paths].sort()).toEqual(['data/export/account.json', 'web/fixtures-copy/customers.json']);
    const notes = Object.fromEntries((outcome.evidence ?? []).filter((entry) => entry.kind === 'data-file').map((entry) => [entry.path, entry.note]));
    expect(notes['web/fixtures-copy/customers.json']).toContain('sampled as records: a top-level array of 2 object(s) with shared keys');
    expect(notes['data/export/account.json']).toContain('sampled as a JSON object in a data folder');
    expect(outcome.evidence?.[0].note).toMatch(/^2 data-like file\(s\): 2 sampled, .*; 6 JSON file\(s\) read as configuration, not data \(e\.g\. /);
  });

  test('sampling and caps: the head of a large file, files over the cap listed as not sampled', async () => {
    const rows = Array.from({ length: 9000 }, (_, i) => `${i},plan-${i % 7},${(i * 1.7).toFixed(2)}`);
    rows.push('9001,alex.example@example.com,1.0'); // beyond the 5,000-row sample
    const dir = makeTree({ 'data/usage.csv': `id,plan,spend\n${rows.join('\n')}\n`, 'data/huge.jsonl': `${'{"a": 1}\n'.repeat(1_000_000)}` });
    const outcome = await runRaw(check, dir);
    if (outcome.status !== 'judged') throw new Error('expected judged');
    expect(outcome.findings.filter((finding) => finding.id === 'personal-data')).toEqual([]);
    expect(outcome.evidence.find((entry) => entry.path === 'data/usage.csv')?.note).toMatch(/^csv, 5000 row\(s\), .* \(head only\): no personal data in the sample$/);
    expect(outcome.findings.find((finding) => finding.id === 'not-sampled')?.message).toContain('data/huge.jsonl (larger than the 8 MiB read cap)');
    expect(outcome.criteria.clean).toBe(0.9);
  });
});

describe('hostile input', () => {
  test('binary content, invalid UTF-8 and a symlink out of the root: skipped or read safely, never followed', async () => {
    const outside = tempDir();
    writeFileSync(path.join(outside, 'secret.csv'), 'email\nalex.example@example.com\n');
    const dir = makeTree({
      'data/binary.csv': new Uint8Array([0x65, 0x6d, 0, 0x61, 0x69, 0x6c]),
      'data/latin1.csv': new Uint8Array([...Buffer.from('name,email\nJos'), 0xe9, ...Buffer.from(',jose.example@example.com\n')]),
    });
    symlinkSync(path.join(outside, 'secret.csv'), path.join(dir, 'data', 'linked.csv'));
    const outcome = await runRaw(check, dir);
    if (outcome.status !== 'judged') throw new Error('expected judged');
    expect(outcome.findings.filter((finding) => finding.id === 'personal-data').map((finding) => [finding.path, finding.message])).toEqual([['data/latin1.csv', '1 e-mail address in column `email` at line 2.']]);
    expect(outcome.findings.find((finding) => finding.id === 'not-sampled')?.message).toBe('1 data-like file(s) were not checked for personal data: data/binary.csv (binary content).');
    expect(outcome.evidence.map((entry) => entry.path)).not.toContain('data/linked.csv');
  });

  test('a deeply nested JSON line and a minified megabyte line stay bounded', async () => {
    const deep = `${'['.repeat(5000)}"alex.example@example.com"${']'.repeat(5000)}`;
    const wide = `{"rows": [${Array.from({ length: 40_000 }, (_, i) => `{"id": ${i}, "v": "x"}`).join(',')}]}`;
    const started = Date.now();
    const outcome = await runRaw(check, { 'data/deep.json': deep, 'data/wide.json': wide });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outcome.findings?.find((finding) => finding.path === 'data/deep.json')?.message).toBe('1 e-mail address at line 1.');
  });
});

describe('the data-handling statement', () => {
  test('judged by sections with content: each missing aspect is a finding', async () => {
    const partial = '# Privacy\n\n## Personal data\n\nThe training data holds customer ids, tenure and plan; no names or contact details are exported.\n\n## Retention\n\nTBD\n';
    const outcome = await runRaw(check, { 'PRIVACY.md': partial });
    if (outcome.status !== 'judged') throw new Error('expected judged');
    expect(outcome.criteria.documented).toBe(0.4);
    expect(findingIds(outcome).filter((id) => id.startsWith('missing-'))).toEqual(['missing-residency', 'missing-retention', 'missing-access']);
    expect(outcome.evidence.find((entry) => entry.kind === 'data-handling-doc')).toMatchObject({ path: 'PRIVACY.md', note: 'covers inventory, minimisation' });
  });

  test('a privacy section of a model card counts; its other sections do not', async () => {
    const card = '# Model card\n\n## Training data\n\nStored in eu-west-1 and deleted after 36 months by a lifecycle rule, access through the IAM role.\n\n## Personal and sensitive information\n\nThe data is personal data; customers are identified by a keyed-hash pseudonym and names are removed.\n';
    const outcome = await runRaw(check, { 'MODEL_CARD.md': card });
    if (outcome.status !== 'judged') throw new Error('expected judged');
    expect(outcome.evidence.find((entry) => entry.kind === 'privacy-section')).toMatchObject({ path: 'MODEL_CARD.md', line: 7, note: '"Personal and sensitive information": covers inventory, minimisation' });
    expect(outcome.criteria.documented).toBe(0.4);
  });

  test('headings over empty or placeholder sections earn nothing', async () => {
    const template = '# Data handling\n\n## Personal data processed\n\n[More Information Needed]\n\n## Minimisation\n\nTODO\n\n## Residency\n\n## Retention and deletion\n\n## Access control\n';
    const outcome = await runRaw(check, { 'DATA_HANDLING.md': template });
    if (outcome.status !== 'judged') throw new Error('expected judged');
    expect(outcome.criteria.documented).toBe(0);
  });

  test('no personal data and no statement: not full marks, a warning; personal data and no statement: an error', async () => {
    const clean = await runCheck(check, { 'data/plans.csv': 'plan_code,fee\nPP-10,10.00\n' });
    expect(clean.status).toBe('fail');
    expect(clean.score).toBe(3.8);
    expect(clean.findings.map((finding) => [finding.id, finding.severity])).toEqual([['no-handling-document', 'warning']]);
    const dirty = await runCheck(check, { 'data/contacts.csv': 'email\nalex.example@example.com\n' });
    expect(dirty.score).toBe(0);
    expect(dirty.findings.find((finding) => finding.id === 'no-handling-document')?.severity).toBe('error');
  });
});

describe('fixtures', () => {
  test('complete-handover passes: no personal data committed, DATA_HANDLING.md covers every aspect', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'complete-handover'));
    expect(result.status).toBe('pass');
    expect(result.score).toBe(10);
    expect(result.findings).toEqual([]);
    expect(result.evidence.map((entry) => [entry.path, entry.kind])).toEqual(
      expect.arrayContaining([
        ['data/reference/plan_catalog.csv', 'data-file'],
        ['DATA_HANDLING.md', 'data-handling-doc'],
        ['data/README.md', 'privacy-section'],
      ]),
    );
  });

  test('partial-delivery fails: synthetic personal data in its data sample and W&B metadata, no statement', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'partial-delivery'));
    expect(result.status).toBe('fail');
    expect(result.score).toBe(0);
    const sample = 'data/samples/disputed_transactions_sample.csv';
    expect(result.findings.filter((finding) => finding.path === sample).map((finding) => finding.message)).toEqual([
      '6 e-mail addresses in column `cardholder_email` at lines 2, 3, 4, 5, 6, ….',
      '6 phone numbers in column `cardholder_phone` at lines 2, 3, 4, 5, 6, ….',
      '6 payment card numbers (Luhn valid) in column `card_number` at lines 2, 3, 4, 5, 6, ….',
      '4 US social security number-like identifiers in column `ssn` at lines 2, 3, 6, 7.',
      '2 IBANs (checksum valid) in column `iban` at lines 4, 5.',
      'The sample has 1 column(s) named like personal data, with values: `cardholder_name`.',
    ]);
    const wandb = 'wandb/offline-run-20250310_101500-3k9x2m1q/files/wandb-metadata.json';
    expect(result.findings.filter((finding) => finding.path === wandb).map((finding) => [finding.id, finding.line])).toEqual([
      ['personal-data', 18],
      ['tracker-identity', 16],
    ]);
    expect(result.findings.find((finding) => finding.id === 'no-handling-document')).toMatchObject({ severity: 'error' });
  });

  test('notebook-dump fails: nothing personal in its CSV, but no data-handling statement', async () => {
    const result = await runCheck(check, path.join(FIXTURES, 'notebook-dump'));
    expect(result.status).toBe('fail');
    expect(result.criteria.map((criterion) => [criterion.id, criterion.value])).toEqual([
      ['clean', 1],
      ['documented', 0],
    ]);
    expect(result.findings.map((finding) => finding.id)).toEqual(['no-handling-document']);
    expect(result.findings[0].remediation).toMatch(/DATA_HANDLING\.md/);
  });
});

describe('values never leave the scan', () => {
  const RAW = [
    'alex.example@example.com',
    'sam.sample@example.org',
    'j.doe@ferrous-labs.example',
    '+1 206 555 0142',
    '(312) 555-0187',
    '4111 1111 1111 1111',
    '5555 5555 5555 4444',
    '987-65-4320',
    'GB82 WEST 1234 5698 7654 32',
    'DE89 3704 0044 0532 0130 00',
    'Alex Example',
    'ferrous-dev-07',
  ];

  test('no reporter prints a raw value found in partial-delivery', async () => {
    const report = await scanDir(path.join(FIXTURES, 'partial-delivery'), { checks: [check] });
    expect(report.checks[0].findings.length).toBeGreaterThan(5);
    for (const [format, render] of Object.entries(REPORTERS)) {
      const output = render(report, { color: false });
      for (const value of RAW) {
        expect(output.includes(value), `${format} output contains ${value}`).toBe(false);
        expect(output.includes(value.replace(/ /g, '')), `${format} output contains ${value} without spaces`).toBe(false);
      }
    }
    expect(JSON.stringify(report.errors)).not.toMatch(/example\.(com|org)/);
  });

  test('a notebook that is not valid JSON is reported without quoting it', async () => {
    const report = await scanDir(makeTree({ 'nb.ipynb': '{"cells": [ "alex.example@example.com" ' }), { checks: [check] });
    const json = REPORTERS.json(report, { color: false });
    expect(json).toContain('nb.ipynb (not parsed)');
    expect(json).not.toContain('alex.example');
  });
});
