import { describe, expect, it } from 'vitest';
import schema from '../schemas/dataset-manifest.schema.json' with { type: 'json' };
import { parseDataManifest } from '../src/formats/data-manifest.js';

const SHA = '0b033707ea49365a5ffdd14615825511b9b0b8ac8c2b07a3d5d5b2d5b0c0e1a9';
const MD5 = 'a304afb96060aad90176268345e10355';

const VALID = `manifestVersion: 1
storage: s3://kestrel-ml-data/datasets
owner: data-eng@kestrel-mobile.example
datasets:
  - name: plans
    path: data/plans.csv
    sha256: ${SHA}
    size: 530
    source: Billing warehouse table billing.plans, exported 2025-04-08
    license: Kestrel Mobile internal
    preprocessing: Consumer plans only; retired plans kept with an end date
  - name: images
    path: data/images
    version: 2025-06-30
    files:
      - path: a.png
        md5: ${MD5}
`;

describe('parseDataManifest', () => {
  it('reads datasets with hashes, versions, storage, documentation fields and lines', () => {
    const result = parseDataManifest(VALID, 'yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ storage: 's3://kestrel-ml-data/datasets', owner: 'data-eng@kestrel-mobile.example' });
    const [plans, images] = result.value.datasets;
    expect(plans).toMatchObject({ name: 'plans', path: 'data/plans.csv', size: 530, line: 5, license: 'Kestrel Mobile internal' });
    expect(plans.hashes).toEqual([{ algorithm: 'sha256', value: SHA, valid: true }]);
    expect(images).toMatchObject({ version: '2025-06-30', line: 12 });
    expect(images.files).toEqual([{ path: 'a.png', hashes: [{ algorithm: 'md5', value: MD5, valid: true }], size: null }]);
  });

  it('reports a malformed sha256 at its line and column', () => {
    const text = VALID.replace(SHA, 'sha256-not-hex');
    const result = parseDataManifest(text, 'yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/datasets\.0\.sha256/);
    expect(result.error.message).toMatch(/pattern/);
    expect(result.error).toMatchObject({ line: 7, column: 13 });
  });

  it('reports an unknown property at its key and a missing path at its entry', () => {
    const unknown = parseDataManifest('datasets:\n  - name: a\n    path: a.csv\n    sha265: abc\n', 'yaml');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error).toMatchObject({ message: expect.stringMatching(/unknown property "sha265"/), line: 4, column: 5 });
    const missing = parseDataManifest('datasets:\n  - name: a\n    version: 3\n', 'yaml');
    expect(!missing.ok && missing.error).toMatchObject({ message: expect.stringMatching(/missing required property "path"/), line: 2 });
  });

  it('validates the JSON form with positions too', () => {
    const json = JSON.stringify({ datasets: [{ name: 'a', path: 'a.csv', md5: 'xyz' }] }, null, 2);
    const result = parseDataManifest(json, 'json');
    expect(!result.ok && result.error).toMatchObject({ message: expect.stringMatching(/datasets\.0\.md5/), line: 6 });
  });

  it('refuses an empty datasets list, a YAML alias bomb and a non-mapping', () => {
    expect(parseDataManifest('datasets: []\n', 'yaml').ok).toBe(false);
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const result = parseDataManifest(bomb.join('\n') + '\ndatasets: [{name: x, path: *j}]\n', 'yaml');
    expect(!result.ok && result.error.message).toMatch(/alias/);
    expect(parseDataManifest('- a\n- b\n', 'yaml').ok).toBe(false);
  });

  it('publishes a schema with a stable id', () => {
    expect(schema.$id).toMatch(/dataset-manifest\.schema\.json$/);
    expect(schema.required).toEqual(['datasets']);
  });
});
