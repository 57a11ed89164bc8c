// dataset-versioning (#16, holdout recall): a README beside the data describes it wherever it sits and however it
// is named (`data/Readme.txt` shipped with a public dataset, `evals/data/<set>/README.md`), while a README beside
// code and an assistant's instruction file (AGENTS.md) document no data. Real trees, real files, the real engine.
import { describe, expect, it } from 'vitest';
import check from '../checks/dataset-versioning.js';
import { dataReadmes, plainTextHeadings } from '../src/datasets/data-readmes.js';
import type { CheckResult } from '../src/report/report.js';
import { runCheck } from './helpers.js';

const TRAINED = { profiles: ['trained-model' as const] };
const LLM = { profiles: ['llm-application' as const] };
const values = (result: CheckResult) => Object.fromEntries(result.criteria.map((criterion) => [criterion.id, criterion.value]));
const docPaths = (result: CheckResult) => result.evidence.filter((item) => item.kind === 'datasheet' || item.kind === 'data-readme' || item.kind === 'corpus-documentation').map((item) => item.path);

const CSV = 'instant,dteday,season,hr,temp,cnt\n1,2011-01-01,1,0,0.24,16\n2,2011-01-01,1,1,0.22,40\n';
const TRAIN = 'import pandas as pd\nfrom sklearn.ensemble import RandomForestRegressor\n\nframe = pd.read_csv("data/hour.csv")\nmodel = RandomForestRegressor().fit(frame[["temp", "hr"]], frame["cnt"])\n';
const README = '# Rental forecast\n\nPredicts hourly rentals.\n';
/** A dataset readme as public repositories ship it: banner headings of `=` or `*` rules, no Markdown. */
const PLAIN_README = [
  '==========================================',
  'City Rentals Dataset',
  '==========================================',
  '',
  '=========================================',
  'Data Set',
  '=========================================',
  'Two years of hourly rental counts from the city scheme, joined with weather from the national met office.',
  'We aggregated the trips per hour and normalized temperature and humidity to the range 0 to 1.',
  '',
  '*****************************************',
  'License',
  '*****************************************',
  'Use of this dataset in publications must cite the data owner, the city transport authority.',
  '',
].join('\n');

describe('plain-text and nested data READMEs', () => {
  it('turns banner and underlined titles into headings, keeping every line number', () => {
    const out = plainTextHeadings('=====\nLicense\n=====\nCC BY 4.0\n\nFiles\n-----\n- hour.csv\n');
    expect(out.split('\n')).toEqual(['', '## License', '', 'CC BY 4.0', '', '## Files', '', '- hour.csv', '']);
    expect(plainTextHeadings('- item\n-----\n')).toBe('- item\n\n');
  });

  it('finds READMEs beside data, marks those beside code or above their data as general, and skips the root, assistant files and folders without data', () => {
    const files = ['README.md', 'data/Readme.txt', 'data/hour.csv', 'evals/data/set_a/README.md', 'evals/data/set_a/inputs/cases.jsonl', 'eval/EVAL_README.md', 'eval/review.py', 'eval/prompts/questions.jsonl', 'docs/README.md', 'src/app/README.md', 'src/app/main.py', 'data/AGENTS.md', 'node_modules/pkg/data/README.md', 'node_modules/pkg/data/x.csv', 'lib/deep/a/b/README.md', 'lib/deep/a/b/c/d/e.csv'];
    expect(dataReadmes(files)).toEqual([
      { path: 'data/Readme.txt', general: false },
      { path: 'eval/EVAL_README.md', general: true },
      { path: 'evals/data/set_a/README.md', general: true },
    ]);
  });

  it('credits the licence and preparation a plain-text data readme states (trained model, no versioning)', async () => {
    const without = await runCheck(check, { 'README.md': README, 'train.py': TRAIN, 'data/hour.csv': CSV }, TRAINED);
    const withReadme = await runCheck(check, { 'README.md': README, 'train.py': TRAIN, 'data/hour.csv': CSV, 'data/Readme.txt': PLAIN_README }, TRAINED);
    expect(values(without)).toMatchObject({ provenance: 0, licence: 0, preprocessing: 0 });
    expect(values(withReadme)).toMatchObject({ licence: 1, pinned: 0 });
    expect(values(withReadme).preprocessing).toBeGreaterThan(0);
    expect(docPaths(withReadme)).toContain('data/Readme.txt');
    const licence = withReadme.findings.find((finding) => finding.id === 'missing-licence');
    expect(licence).toBeUndefined();
    expect(withReadme.score ?? 0).toBeGreaterThan(without.score ?? 0);
  });

  it('does not take the code licence of a README beside scripts for the data licence', async () => {
    const scripts = '# Scripts\n\nHelpers to load the template.\n\n## License\n\nMIT, see the LICENSE file in the repository root.\n';
    const result = await runCheck(check, { 'README.md': README, 'train.py': TRAIN, 'scripts/template.csv': CSV, 'scripts/load.py': 'print(1)\n', 'scripts/README.md': scripts }, TRAINED);
    expect(values(result).licence).toBe(0);
    expect(docPaths(result)).not.toContain('scripts/README.md');
  });
});

const PYPROJECT = '[project]\nname = "theme-bot"\nversion = "0.1.0"\ndependencies = ["openai==1.51.0", "pgvector==0.3.6"]\n';
const APP = 'from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef embed(text: str):\n    return client.embeddings.create(model="text-embedding-3-small", input=text).data[0].embedding\n';
const RESPONSES = '{"response_id": 1, "response": "Adverts should be limited before the watershed."}\n{"response_id": 2, "response": "Current rules are fine."}\n';
const SET_README = '# Survey XS set\n\nThis dataset contains synthetic responses generated for evaluation only, written by the team from the public consultation questions.\n\n## Structure\n\n- inputs/q1/responses.jsonl: 100 synthetic responses to question one, each with an id and free text answer.\n- outputs/2025-07-22/q1/mapping.jsonl: expected theme labels for every response, reviewed by two analysts.\n';
const AGENTS = '# Agent guide\n\n## Data sources\n\nThe corpus sources are consultation responses uploaded by departments and indexed into pgvector nightly.\n\n## Licence\n\nAll indexed content is Crown copyright, owned by the department that uploaded it.\n';

describe('LLM application: the README of an evaluation set, and AGENTS.md', () => {
  const tree = (extra: Record<string, string>) => ({
    'pyproject.toml': PYPROJECT,
    'backend/embeddings.py': APP,
    'README.md': '# Theme bot\n\nFinds themes in consultation responses.\n',
    'pkg/evals/data/survey_XS/inputs/q1/responses.jsonl': RESPONSES,
    'pkg/evals/data/survey_XS/outputs/2025-07-22/q1/mapping.jsonl': '{"response_id": 1, "labels": ["A"]}\n{"response_id": 2, "labels": ["B"]}\n',
    ...extra,
  });

  it('reads the README in the set\'s own folder, below the evals/data folders, as how the set was built', async () => {
    const without = await runCheck(check, tree({}), LLM);
    const withReadme = await runCheck(check, tree({ 'pkg/evals/data/survey_XS/README.md': SET_README }), LLM);
    expect(values(withReadme).provenance).toBeGreaterThan(values(without).provenance);
    expect(withReadme.findings.some((finding) => finding.id === 'missing-provenance' && /how the evaluation sets were built/.test(finding.message))).toBe(false);
  });

  it('takes nothing from AGENTS.md or .github/copilot-instructions.md: no corpus sources, no licence', async () => {
    const result = await runCheck(check, tree({ 'AGENTS.md': AGENTS, '.github/copilot-instructions.md': AGENTS, 'pkg/evals/data/AGENTS.md': AGENTS }), LLM);
    expect(docPaths(result).filter((path) => /AGENTS|copilot/.test(path))).toEqual([]);
    expect(values(result).licence).toBe(0);
    const same = await runCheck(check, tree({ 'docs/retrieval.md': AGENTS.replace('# Agent guide', '# Retrieval') }), LLM);
    expect(values(same).licence).toBe(1);
  });
});
