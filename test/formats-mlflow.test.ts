import { describe, expect, it } from 'vitest';
import {
  findArtifactOnlyRuns,
  findFileStoreRoots,
  flatMetaMapping,
  indexFileStore,
  parseExperimentMeta,
  parseMetricHistory,
  parseMlmodel,
  parseModelVersionMeta,
  parseRegisteredModelMeta,
  parseRunMeta,
  runStatusFrom,
} from '../src/formats/mlflow-file-store.js';
import { parseYamlMapping } from '../src/formats/yaml.js';
import { experimentMeta, fileRun, hex32 } from './experiment-tracking.helpers.js';

const RUN = '4f3a99566d764c67861d7168c3a6009d';
const MODEL = `m-${'b'.repeat(32)}`;

describe('MLflow file store layout, from the listing', () => {
  const paths = [
    'mlruns/0/meta.yaml',
    'mlruns/1/meta.yaml',
    'mlruns/1/tags/mlflow.note.content',
    `mlruns/1/${RUN}/meta.yaml`,
    `mlruns/1/${RUN}/params/lr`,
    `mlruns/1/${RUN}/params/optimizer/adam/beta1`,
    `mlruns/1/${RUN}/metrics/val/pr_auc`,
    `mlruns/1/${RUN}/tags/mlflow.runName`,
    `mlruns/1/${RUN}/tags/team/owner`,
    `mlruns/1/${RUN}/artifacts/model/MLmodel`,
    `mlruns/1/${RUN}/artifacts/model/model.pkl`,
    `mlruns/1/${RUN}/outputs/${MODEL}/meta.yaml`,
    `mlruns/1/models/${MODEL}/meta.yaml`,
    `mlruns/1/models/${MODEL}/artifacts/MLmodel`,
    'mlruns/1/datasets/d1/meta.yaml',
    `mlruns/1/${hex32(7)}/artifacts/orphan.txt`, // no meta.yaml: not a run MLflow would read
    'mlruns/.trash/2/meta.yaml',
    `mlruns/.trash/2/${hex32(9)}/meta.yaml`,
    'mlruns/models/churn/meta.yaml',
    'mlruns/models/churn/aliases/champion',
    'mlruns/models/churn/version-1/meta.yaml',
    'mlruns/models/churn/version-2/meta.yaml',
    'mlruns/models/churn/version-2/tags/validated_by',
  ].sort();

  it('finds the store root from meta.yaml files, not from a folder name', () => {
    expect(findFileStoreRoots(paths.filter((p) => p.endsWith('meta.yaml')))).toEqual(['mlruns']);
    expect(findFileStoreRoots([`tracking/store/5/meta.yaml`, `tracking/store/5/${RUN}/meta.yaml`])).toEqual(['tracking/store']);
    expect(findFileStoreRoots(['configs/1/meta.yaml', 'docs/meta.yaml'])).toEqual([]);
  });

  it('indexes runs, nested keys, trash, logged models and the registry', () => {
    const layout = indexFileStore('mlruns', paths);
    const run = layout.runs.find((r) => r.id === RUN)!;
    expect(run.paramKeys.sort()).toEqual(['lr', 'optimizer/adam/beta1']);
    expect(run.metricKeys).toEqual(['val/pr_auc']);
    expect(run.tagKeys.sort()).toEqual(['mlflow.runName', 'team/owner']);
    expect(run.mlmodelPaths).toEqual([`mlruns/1/${RUN}/artifacts/model/MLmodel`]);
    expect(run.outputModelIds).toEqual([MODEL]);
    expect(layout.runs.map((r) => r.id).sort()).toEqual([RUN, hex32(9)].sort());
    expect(layout.runs.find((r) => r.id === hex32(9))).toMatchObject({ inTrash: true, experimentId: '2' });
    expect(layout.experiments.map((e) => [e.id, e.inTrash, e.tagKeys]).sort()).toEqual([
      ['0', false, []],
      ['1', false, ['mlflow.note.content']],
      ['2', true, []],
    ]);
    expect(layout.loggedModels).toEqual([{ id: MODEL, experimentId: '1', dir: `mlruns/1/models/${MODEL}`, metaPath: `mlruns/1/models/${MODEL}/meta.yaml`, mlmodelPath: `mlruns/1/models/${MODEL}/artifacts/MLmodel`, metricKeys: [] }]);
    const churn = layout.registeredModels[0];
    expect(churn).toMatchObject({ name: 'churn', metaPath: 'mlruns/models/churn/meta.yaml', aliasPaths: [{ alias: 'champion', path: 'mlruns/models/churn/aliases/champion' }] });
    expect(churn.versions.map((v) => [v.version, v.tagKeys])).toEqual([
      ['1', []],
      ['2', ['validated_by']],
    ]);
  });

  it('names run folders that have artifacts but no metadata (metadata in a database)', () => {
    const tree = Object.keys(fileRun({ id: RUN })).concat([`mlruns/3/${hex32(4)}/artifacts/model/MLmodel`, `mlartifacts/1/${hex32(5)}/artifacts/a.txt`]);
    expect(findArtifactOnlyRuns(tree, new Set([`mlruns/1/${RUN}`]))).toEqual([
      { root: 'mlruns', runDirs: [`mlruns/3/${hex32(4)}`] },
      { root: 'mlartifacts', runDirs: [`mlartifacts/1/${hex32(5)}`] },
    ]);
  });
});

describe('MLflow file store parsers', () => {
  it('reads metric histories, legacy two-field lines included', () => {
    expect(parseMetricHistory('1751447583273 0.2489 0\n1751447583900 0.31 1\n1751447584000 0.29 1\n')).toEqual({ ok: true, value: { points: 3, last: { value: 0.29, step: 1, timestamp: 1751447584000 } } });
    // Legacy lines have no step: step 0, the latest timestamp wins.
    expect(parseMetricHistory('1500000000000 0.5\n1500000001000 0.7\n')).toEqual({ ok: true, value: { points: 2, last: { value: 0.7, step: 0, timestamp: 1500000001000 } } });
    // A higher step wins over a later timestamp (MLflow's latest_metrics order).
    expect(parseMetricHistory('2000 0.9 5\n3000 0.1 2\n')).toMatchObject({ ok: true, value: { last: { value: 0.9, step: 5 } } });
    const nan = parseMetricHistory('1000 nan 0\n');
    expect(nan.ok && Number.isNaN(nan.value.last.value)).toBe(true);
    expect(parseMetricHistory('1000 0.5 0\ntruncated\n')).toEqual({ ok: false, error: { message: 'expected "<timestamp> <value> <step>", got 1 field(s)', line: 2 } });
    expect(parseMetricHistory('1000 0.5 0\nnot a metric\n')).toEqual({ ok: false, error: { message: 'not a metric line: "not a metric"', line: 2 } });
    expect(parseMetricHistory('1000 abc 0\n')).toMatchObject({ ok: false, error: { line: 1 } });
    expect(parseMetricHistory('')).toMatchObject({ ok: false });
  });

  it('reads run, experiment and registry metadata', () => {
    const run = parseRunMeta(fileRun({ id: RUN, name: 'lgbm', status: 4, lifecycle: 'deleted' })[`mlruns/1/${RUN}/meta.yaml`] as string);
    expect(run).toMatchObject({ ok: true, value: { runId: RUN, runName: 'lgbm', status: 'failed', lifecycleStage: 'deleted', experimentId: '1', startTime: 1738663600000 } });
    expect(parseRunMeta('name: x\n')).toMatchObject({ ok: false });
    expect(parseRunMeta('status: [unclosed\n')).toMatchObject({ ok: false, error: { line: expect.any(Number) } });
    expect(parseExperimentMeta(experimentMeta('7', 'churn', 'deleted'))).toEqual({ ok: true, value: { id: '7', name: 'churn', lifecycleStage: 'deleted' } });
    expect(parseRegisteredModelMeta("name: churn\ndescription: d\naliases:\n  champion: '10'\n")).toEqual({ ok: true, value: { name: 'churn', description: 'd', aliases: { champion: '10' } } });
    expect(parseModelVersionMeta(`version: 3\ncurrent_stage: Production\nrun_id: ''\nsource: models:/${MODEL}\nstatus: READY\n`)).toMatchObject({
      ok: true,
      value: { version: '3', currentStage: 'Production', runId: null, modelId: MODEL },
    });
    expect([1, 2, 3, 4, 5, 9, 'FINISHED', 'KILLED', '3', null].map(runStatusFrom)).toEqual(['running', 'scheduled', 'finished', 'failed', 'killed', 'unknown', 'finished', 'killed', 'finished', 'unknown']);
  });

  it('reads an MLmodel and notices a missing signature', () => {
    const withSignature = `artifact_path: model\nflavors:\n  sklearn: {pickled_model: model.pkl}\n  python_function: {loader_module: mlflow.sklearn}\nmlflow_version: 2.22.0\nrun_id: ${RUN}\nsignature:\n  inputs: '[{"type": "double", "name": "x"}]'\n  outputs: '[{"type": "long"}]'\n`;
    expect(parseMlmodel(withSignature)).toEqual({ ok: true, value: { flavors: ['sklearn', 'python_function'], runId: RUN, modelId: null, hasSignature: true, mlflowVersion: '2.22.0' } });
    expect(parseMlmodel('artifact_path: model\nflavors: {sklearn: {}}\n')).toMatchObject({ ok: true, value: { hasSignature: false } });
    expect(parseMlmodel('artifact_path: model\n')).toMatchObject({ ok: false, error: { message: 'MLmodel has no `flavors` mapping' } });
  });
});

describe('flatMetaMapping (run meta.yaml without the YAML parser)', () => {
  const mlflowWritten = [
    "artifact_uri: mlflow-artifacts:/1/abc/artifacts\nend_time: 1735700000000\nentry_point_name: ''\nexperiment_id: '1'\nlifecycle_stage: active\nrun_id: 0123abcd\nrun_name: lgbm-r5\nsource_type: 4\nstatus: 3\ntags: []\nuser_id: bench\n",
    "artifact_uri: file:///home/ana/mlruns/0/x/artifacts\nstart_time: 0\nrun_name: 'quoted # not a comment'\nuser_id: ana@example.com\nstatus: FINISHED",
    'a: Yes\nb: on\nc: x\nd: a:b\nrun_id: 003e136f340d989fe61527d88bc0ecb9\ne: 1e5x\nf: 0x1g\n',
    '',
  ];
  it('gives what the YAML parser gives for files MLflow writes', () => {
    for (const text of mlflowWritten) {
      const fast = flatMetaMapping(text);
      expect(fast, text).not.toBeNull();
      expect(fast).toEqual(parseYamlMapping(text));
    }
  });
  it('leaves everything else to the YAML parser', () => {
    const others = [
      'status: true\n', 'status: null\n', 'status: ~\n', 'end_time: 1.5\n', 'end_time: 0123\n', 'end_time: -1\n', 'x: 1234567890123456\n',
      'name: a # comment\n', 'name: abc:\n', 'name:\n', "name: 'it''s'\n", 'name: "x"\n', 'tags:\n- a\n', 'a: 1\na: 2\n',
      'a: 1\r\n', '\n', '---\na: 1\n', '%YAML 1.1\n---\na: yes\n', 'a: {}\n', 'a: [x]\n', 'A: 1\n', ' a: 1\n', 'a:  1\n', 'a: 1e5\n', 'a: 0x1F\n', 'a: 0o17\n', 'a: 1.\n', 'a: 12345678901234567890\n',
    ];
    for (const text of others) expect(flatMetaMapping(text), text).toBeNull();
  });
  it('reads a run meta.yaml the same either way', () => {
    const text = mlflowWritten[0];
    expect(parseRunMeta(text)).toEqual({ ok: true, value: { runId: '0123abcd', runName: 'lgbm-r5', experimentId: '1', status: 'finished', lifecycleStage: 'active', startTime: null, endTime: 1735700000000, userId: 'bench' } });
  });
});
