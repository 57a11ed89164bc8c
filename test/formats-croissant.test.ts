import { describe, expect, it } from 'vitest';
import { parseCroissant } from '../src/formats/croissant.js';

const SHA = '0b033707ea49365a5ffdd14615825511b9b0b8ac8c2b07a3d5d5b2d5b0c0e1a9';

const croissant = {
  '@context': { '@language': 'en', '@vocab': 'https://schema.org/', cr: 'http://mlcommons.org/croissant/', rai: 'http://mlcommons.org/croissant/RAI/', sc: 'https://schema.org/' },
  '@type': 'sc:Dataset',
  name: 'kestrel-plans',
  description: 'Tariff plans',
  conformsTo: 'http://mlcommons.org/croissant/1.0',
  license: 'https://example.com/licence',
  url: 'https://example.com/plans',
  version: '1.2.0',
  creator: [{ '@type': 'sc:Organization', name: 'Kestrel' }],
  isBasedOn: 'https://example.com/crm',
  'rai:dataCollection': 'Exported monthly from the CRM by the data engineering team.',
  'rai:dataPreprocessingProtocol': ['Deduplicated on plan code.', 'Retired plans kept with an end date.'],
  distribution: [
    { '@type': 'cr:FileObject', '@id': 'plans.csv', name: 'plans.csv', contentUrl: 'data/plans.csv', encodingFormat: 'text/csv', sha256: SHA },
    { '@type': 'cr:FileObject', '@id': 'archive', name: 'archive', contentUrl: 'https://example.com/a.zip', encodingFormat: 'application/zip', md5: 'https://example.com/a.zip.md5' },
    { '@type': 'cr:FileSet', '@id': 'images', containedIn: { '@id': 'archive' }, includes: '*.png' },
  ],
  recordSet: [{ '@type': 'cr:RecordSet', name: 'plans', field: [{ '@type': 'cr:Field', name: 'plan_code' }, { '@type': 'cr:Field', name: 'fee' }] }],
};

describe('parseCroissant', () => {
  it('reads dataset properties, distribution hashes, record sets and rai: properties', () => {
    const result = parseCroissant(JSON.stringify(croissant));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const dataset = result.value;
    expect(dataset).toMatchObject({ isDataset: true, conformsTo: 'http://mlcommons.org/croissant/1.0', name: 'kestrel-plans', version: '1.2.0', license: ['https://example.com/licence'], creators: 1, basedOn: ['https://example.com/crm'] });
    expect(dataset.distribution[0]).toMatchObject({ kind: 'FileObject', contentUrl: 'data/plans.csv', hash: { algorithm: 'sha256', valid: true } });
    expect(dataset.distribution[2]).toMatchObject({ kind: 'FileSet', includes: ['*.png'], hash: null });
    expect(dataset.recordSets).toEqual([{ name: 'plans', fields: 2 }]);
    expect(dataset.rai['rai:dataPreprocessingProtocol']).toContain('Deduplicated');
  });

  it('marks a digest that is not hex invalid (a URL stored in md5/sha256)', () => {
    const result = parseCroissant(JSON.stringify(croissant));
    expect(result.ok && result.value.distribution[1].hash).toMatchObject({ algorithm: 'md5', valid: false });
    const short = parseCroissant(JSON.stringify({ ...croissant, distribution: [{ '@type': 'cr:FileObject', name: 'x', contentUrl: 'x.csv', sha256: SHA.slice(1) }] }));
    expect(short.ok && short.value.distribution[0].hash?.valid).toBe(false);
  });

  it('accepts prefixed property names and JSON-LD value objects', () => {
    const result = parseCroissant(JSON.stringify({ '@type': ['schema:Dataset'], 'sc:name': { '@value': 'x' }, 'dct:conformsTo': 'http://mlcommons.org/croissant/1.1', 'cr:recordSet': [] }));
    expect(result.ok && result.value).toMatchObject({ name: 'x', conformsTo: 'http://mlcommons.org/croissant/1.1' });
  });

  it('refuses JSON that is not a dataset, malformed JSON with a position, and deep nesting', () => {
    expect(parseCroissant(JSON.stringify({ '@type': 'sc:Person', name: 'x' })).ok).toBe(false);
    const broken = parseCroissant('{\n  "@type": "sc:Dataset",\n  "name": "x",\n}');
    expect(!broken.ok && broken.error.line).toBe(4);
    const deep = parseCroissant('{"@type":"sc:Dataset","x":' + '['.repeat(5000) + ']'.repeat(5000) + '}');
    expect(!deep.ok && deep.error.message).toMatch(/nesting/);
  });
});
