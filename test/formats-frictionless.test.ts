import { describe, expect, it } from 'vitest';
import { parseDataPackage } from '../src/formats/frictionless.js';

const MD5 = 'a304afb96060aad90176268345e10355';
const SHA = '0b033707ea49365a5ffdd14615825511b9b0b8ac8c2b07a3d5d5b2d5b0c0e1a9';

describe('parseDataPackage', () => {
  it('reads resources with md5 (default) and prefixed sha256 hashes, licences and sources', () => {
    const result = parseDataPackage(
      JSON.stringify({
        $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
        name: 'churn',
        version: '2.1.0',
        licenses: [{ name: 'ODC-PDDL-1.0', path: 'https://opendatacommons.org/licenses/pddl/' }],
        sources: [{ title: 'Kestrel CRM export', path: 's3://kestrel/crm' }],
        resources: [
          { name: 'customers', path: 'data/customers.csv', hash: MD5, bytes: 1200, format: 'csv' },
          { name: 'plans', path: 'data/plans.csv', hash: `sha256:${SHA}`, sources: [{ title: 'Billing' }] },
          { name: 'parts', path: ['a.csv', 'b.csv'] },
          { name: 'inline', data: [{ a: 1 }] },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const pkg = result.value;
    expect(pkg).toMatchObject({ name: 'churn', version: '2.1.0', licenses: ['ODC-PDDL-1.0'], profile: 'https://datapackage.org/profiles/2.0/datapackage.json' });
    expect(pkg.sources).toEqual([{ title: 'Kestrel CRM export', path: 's3://kestrel/crm' }]);
    expect(pkg.resources[0]).toMatchObject({ paths: ['data/customers.csv'], bytes: 1200, hash: { algorithm: 'md5', valid: true } });
    expect(pkg.resources[1].hash).toEqual({ algorithm: 'sha256', value: SHA, valid: true });
    expect(pkg.resources[1].sources).toEqual([{ title: 'Billing', path: null }]);
    expect(pkg.resources[2].paths).toEqual(['a.csv', 'b.csv']);
    expect(pkg.resources[3]).toMatchObject({ inline: true, paths: [] });
  });

  it('marks malformed hashes invalid', () => {
    const result = parseDataPackage(JSON.stringify({ resources: [{ name: 'a', path: 'a.csv', hash: 'sha256:1234' }, { name: 'b', path: 'b.csv', hash: 'not-a-hash' }] }));
    expect(result.ok && result.value.resources.map((r) => r.hash?.valid)).toEqual([false, false]);
  });

  it('reads the YAML form', () => {
    const result = parseDataPackage(`name: x\nresources:\n- name: a\n  path: a.csv\n  hash: ${MD5}\n`, 'yaml');
    expect(result.ok && result.value.resources[0].hash?.valid).toBe(true);
  });

  it('refuses a package without resources, malformed JSON and deep nesting, never throwing', () => {
    expect(parseDataPackage('{"name": "x"}').ok).toBe(false);
    const broken = parseDataPackage('{\n "resources": [\n  {"name": "a",}\n ]\n}');
    expect(!broken.ok && broken.error.line).toBe(3);
    const deep = parseDataPackage('{"resources": [' + '{"a":'.repeat(10000) + '1' + '}'.repeat(10000) + ']}');
    expect(deep.ok).toBe(false);
    if (!deep.ok) expect(deep.error.message).toMatch(/nesting/);
  });
});
