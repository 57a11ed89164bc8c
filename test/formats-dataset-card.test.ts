import { describe, expect, it } from 'vitest';
import { parseDatasetDocument } from '../src/formats/dataset-card.js';

const HUB_CARD = `---
license: cc-by-4.0
pretty_name: Kestrel plans
size_categories:
- n<1K
source_datasets:
- original
configs:
- config_name: default
  data_files:
  - split: train
    path: data/train-*.parquet
  - split: test
    path: data/test.parquet
- config_name: extra
  data_files: extra/*.csv
dataset_info:
  features:
  - name: plan_code
    dtype: string
  splits:
  - name: train
    num_bytes: 1200
    num_examples: 40
---

# Dataset Card for Kestrel plans

## Dataset Details

### Dataset Description

[More Information Needed]

## Dataset Creation

### Source Data

#### Data Collection and Processing

Exported from the billing warehouse table billing.plans on 2025-04-08 by the data engineering team, joined with the CRM plan history and filtered to consumer plans only.

### Personal and Sensitive Information

[More Information Needed]

## Bias, Risks, and Limitations

[More Information Needed]
`;

describe('parseDatasetDocument: Hugging Face dataset cards', () => {
  it('reads front matter: license, source datasets, data_files in every form, splits', () => {
    const doc = parseDatasetDocument(HUB_CARD);
    expect(doc.hub).not.toBeNull();
    expect(doc.hub).toMatchObject({ license: ['cc-by-4.0'], sourceDatasets: ['original'], prettyName: 'Kestrel plans' });
    expect(doc.hub!.dataFiles).toEqual([
      { config: 'default', split: 'train', path: 'data/train-*.parquet' },
      { config: 'default', split: 'test', path: 'data/test.parquet' },
      { config: 'extra', split: null, path: 'extra/*.csv' },
    ]);
    expect(doc.hub!.splits).toEqual([{ name: 'train', numExamples: 40, numBytes: 1200 }]);
  });

  it('counts template placeholders and gives placeholder-only sections no words', () => {
    const doc = parseDatasetDocument(HUB_CARD);
    expect(doc.placeholders).toBe(3);
    const personal = doc.topics.find((topic) => topic.topic === 'personal-data');
    expect(personal).toMatchObject({ heading: 'Personal and Sensitive Information', words: 0 });
    const collection = doc.topics.filter((topic) => topic.topic === 'provenance').map((topic) => topic.heading);
    expect(collection).toContain('Data Collection and Processing');
    expect(doc.topics.find((topic) => topic.heading === 'Data Collection and Processing' && topic.topic === 'preprocessing')?.words).toBeGreaterThan(20);
  });

  it('does not take a model card (license, tags only) for a dataset card', () => {
    const doc = parseDatasetDocument('---\nlicense: mit\ntags: [churn]\nmodel-index: []\n---\n# Model\n');
    expect(doc.hub).toBeNull();
  });

  it('reports unparseable front matter instead of throwing', () => {
    const doc = parseDatasetDocument('---\nlicense: [mit\n---\n# Card\n');
    expect(doc.frontMatterError).not.toBeNull();
    expect(doc.hub).toBeNull();
  });
});

describe('parseDatasetDocument: datasheets', () => {
  const sheet = `# Datasheet
## Motivation
Built for the retention programme of the buyer, to predict churn within sixty days.
## Composition
One row per customer and month, with profile, billing and usage columns.
## Collection Process
Monthly CRM exports joined with the billing system by the data engineering team since 2023.
## Preprocessing/Cleaning/Labeling
Involuntary churn removed, duplicates dropped, labels built from port-out events.
## Uses
Training and monitoring the churn model only.
## Distribution
Owned by Kestrel Mobile; internal licence, not for redistribution.
## Maintenance
Data engineering maintains the exports.
`;

  it('counts the seven Gebru sections and maps them to topics', () => {
    const doc = parseDatasetDocument(sheet);
    expect(doc.datasheetSections).toBe(7);
    const topics = new Set(doc.topics.map((topic) => topic.topic));
    for (const topic of ['motivation', 'composition', 'provenance', 'preprocessing', 'uses', 'licence', 'maintenance'] as const) expect(topics).toContain(topic);
  });

  it('takes Distribution for the licence only when it talks about one', () => {
    const doc = parseDatasetDocument('# D\n## Distribution\nShipped as Parquet files on S3.\n');
    expect(doc.topics.some((topic) => topic.topic === 'licence')).toBe(false);
  });

  it('in a project README, counts only headings that mention data', () => {
    const readme = '# Project\n## License\nApache-2.0 for the code.\n## Data sources\nCRM exports and the billing warehouse.\n## Installation\npip install\n';
    const doc = parseDatasetDocument(readme, { generalDocument: true });
    expect(doc.topics.map((topic) => [topic.topic, topic.heading])).toEqual([['provenance', 'Data sources']]);
  });
});
