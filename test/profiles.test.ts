// System profiles (#18): what the scan detects on real trees, whose word decides (CLI flag > buyer policy >
// detected > default; the vendor's handover.yml is reported, never used), and the line every output shows.
import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import reportSchema from '../schemas/report.schema.json' with { type: 'json' };
import { CHECKS } from '../checks/index.js';
import type { CheckDefinition } from '../src/check.js';
import { readInputs } from '../src/action/inputs.js';
import { parseEngagementList } from '../src/audit/engagements.js';
import { runAudit } from '../src/audit/run-audit.js';
import { main } from '../src/cli.js';
import { explainCheck } from '../src/cli/explain.js';
import { parseHandoverManifest } from '../src/manifest/parse-manifest.js';
import { resolvePolicy } from '../src/policy/resolve-policy.js';
import { detectProfiles } from '../src/profiles/detect-profiles.js';
import { resolveProfiles } from '../src/profiles/resolve-profiles.js';
import { parseProfileList, SYSTEM_PROFILES } from '../src/profiles/system-profile.js';
import type { Report } from '../src/report/report.js';
import { renderChecklist } from '../src/reporters/checklist.js';
import { renderHtml } from '../src/reporters/html.js';
import { renderJobSummary, renderMarkdown } from '../src/reporters/markdown.js';
import { renderPrComment } from '../src/reporters/pr-comment.js';
import { renderText } from '../src/reporters/text.js';
import { compileSchema } from '../src/schemas.js';
import { openTarget } from '../src/targets.js';
import { makeTree, scanDir } from './helpers.js';

const MANIFEST_CHECK = CHECKS.filter((check) => check.id === 'handover-manifest');

async function detect(files: Record<string, string>) {
  const opened = await openTarget(makeTree(files));
  try {
    return await detectProfiles(opened.snapshot);
  } finally {
    await opened.close();
  }
}

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

const PYPROJECT_LLM = `[project]
name = "support-assistant"
version = "0.4.0"
dependencies = [
  "anthropic>=0.34",
  "pydantic>=2.7",
]
`;
const TRAIN_LOOP = `import torch

def train(model, loader, optimizer, epochs):
    for epoch in range(epochs):
        for batch in loader:
            optimizer.zero_grad()
            loss = model(batch).loss
            loss.backward()
            optimizer.step()
`;
const LORA = `from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

model = AutoModelForCausalLM.from_pretrained("meta-llama/Meta-Llama-3-8B")
config = LoraConfig(r=16, lora_alpha=32, target_modules=["q_proj", "v_proj"], lora_dropout=0.05)
model = get_peft_model(model, config)
trainer = Trainer(model=model, args=TrainingArguments(output_dir="out", num_train_epochs=3), train_dataset=train_set)
trainer.train()
`;
const LLM_APP = { 'pyproject.toml': PYPROJECT_LLM, 'prompts/answer.j2': 'Answer from the help-centre articles below.\n{{ articles }}\n' };

describe('detection on real trees', () => {
  it('a Python LLM application, by its declared SDK and its prompt files', async () => {
    const seen = await detect({ ...LLM_APP, 'src/assistant/answer.py': 'import anthropic\n' });
    expect(seen.profiles).toEqual(['llm-application']);
    expect(seen.sightings).toContainEqual(expect.objectContaining({ profile: 'llm-application', path: 'pyproject.toml', line: 5, why: 'anthropic declared (provider-sdk)' }));
    expect(seen.sightings).toContainEqual(expect.objectContaining({ profile: 'llm-application', path: 'prompts/answer.j2', why: 'prompt template file' }));
  });

  it('a Ruby LLM application (Gemfile) and a .NET one (csproj, Prompts/*.prompty)', async () => {
    const ruby = await detect({ Gemfile: `source "https://rubygems.org"\n\ngem "rails", "~> 7.1"\ngem "anthropic", "~> 0.3"\n`, 'app/models/answer.rb': 'class Answer; end\n' });
    expect(ruby.profiles).toEqual(['llm-application']);
    expect(ruby.sightings[0]).toMatchObject({ path: 'Gemfile', line: 4, why: 'anthropic declared (provider-sdk)' });

    const dotnet = await detect({
      'src/Assistant/Assistant.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.SemanticKernel" Version="1.20.0" />\n  </ItemGroup>\n</Project>\n',
      'src/Assistant/Prompts/Chat.prompty': '---\nname: Chat\n---\nsystem:\nAnswer from the articles.\n',
    });
    expect(dotnet.profiles).toEqual(['llm-application']);
    expect(dotnet.sightings.map((sighting) => sighting.path)).toEqual(['src/Assistant/Assistant.csproj', 'src/Assistant/Prompts/Chat.prompty']);
  });

  it('an LLM SDK imported by a notebook or script counts when no manifest declares it; vendored code does not', async () => {
    const notebook = JSON.stringify({ cells: [{ cell_type: 'code', source: ['from openai import AzureOpenAI\n', 'client = AzureOpenAI()\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1); // as Jupyter writes it
    const seen = await detect({ 'notebooks/answer_tickets.ipynb': notebook, 'venv/lib/python3.11/site-packages/langchain/__init__.py': 'import openai\n' });
    expect(seen.profiles).toEqual(['llm-application']);
    expect(seen.sightings).toEqual([expect.objectContaining({ profile: 'llm-application', path: 'notebooks/answer_tickets.ipynb', why: 'openai imported' })]);
    // A training repository that benchmarks an LLM in one notebook is still a training repository.
    expect((await detect({ 'notebooks/benchmark.ipynb': notebook, 'train.py': TRAIN_LOOP })).profiles).toEqual(['trained-model']);
  });

  it('a training repository: a training loop, recorded runs and weights (test resources do not count)', async () => {
    const seen = await detect({
      'train.py': TRAIN_LOOP,
      'mlruns/1/4f2a/meta.yaml': 'run_id: 4f2a\n',
      'models/churn.joblib': 'not really weights',
      'tests/resources/tiny_model.pkl': 'fixture',
    });
    expect(seen.profiles).toEqual(['trained-model']);
    expect(seen.sightings.map((sighting) => [sighting.path, sighting.why])).toEqual([
      ['train.py', 'training loop (for epoch in)'],
      ['mlruns/1/4f2a/meta.yaml', 'recorded training run'],
      ['models/churn.joblib', 'model weights delivered'],
    ]);
  });

  it('LoRA fine-tuning is a fine-tuned model, not also a model trained from scratch', async () => {
    const seen = await detect({ 'finetune.py': LORA, 'adapter/adapter_config.json': '{"peft_type": "LORA", "r": 16}' });
    expect(seen.profiles).toEqual(['fine-tuned-model']);
    expect(seen.sightings).toContainEqual(expect.objectContaining({ path: 'finetune.py', line: 5, why: 'LoRA/PEFT adapter (LoraConfig)' }));
    expect(seen.sightings).toContainEqual(expect.objectContaining({ path: 'adapter/adapter_config.json', why: 'LoRA/PEFT adapter delivered' }));
  });

  it('a fine-tuning tool config with no training code of its own (axolotl) is a fine-tuned model; other configs are not', async () => {
    const axolotl = `base_model: meta-llama/Meta-Llama-3-8B\nload_in_4bit: true\nadapter: qlora\nlora_r: 32\nlora_alpha: 16\ndatasets:\n  - path: data/tickets.jsonl\n    type: chat_template\nnum_epochs: 3\n`;
    const seen = await detect({ 'configs/support-qlora.yml': axolotl, 'config/app.yaml': 'adapter: redis\nport: 8080\n', 'README.md': '# Support model\n' });
    expect(seen.profiles).toEqual(['fine-tuned-model']);
    expect(seen.sightings).toEqual([{ profile: 'fine-tuned-model', path: 'configs/support-qlora.yml', line: 3, why: 'fine-tuning config (axolotl adapter)' }]);
    expect((await detect({ 'config/app.yaml': 'adapter: redis\nuse_peft: false\n' })).profiles).toEqual([]);
  });

  it('loading a published adapter to serve it is using a model, not fine-tuning one', async () => {
    const serve = `from peft import PeftModel\nfrom transformers import AutoModelForCausalLM\n\nbase = AutoModelForCausalLM.from_pretrained("base")\nmodel = PeftModel.from_pretrained(base, "org/adapter")\n`;
    expect((await detect({ 'serve.py': serve, ...LLM_APP })).profiles).toEqual(['llm-application']);
  });

  it('a dbt project and an Airflow DAG are data pipelines (a DAG is not training)', async () => {
    const dbt = await detect({ 'dbt_project.yml': "name: jaffle\nversion: '1.0'\nprofile: jaffle\n", 'models/staging/stg_orders.sql': 'select * from {{ source("shop", "orders") }}\n' });
    expect(dbt.profiles).toEqual(['data-pipeline']);
    expect(dbt.sightings).toEqual([{ profile: 'data-pipeline', path: 'dbt_project.yml', why: 'dbt project' }]);

    const dag = `from datetime import datetime\nfrom airflow import DAG\nfrom airflow.operators.python import PythonOperator\n\nwith DAG("daily_orders", start_date=datetime(2025, 1, 1), schedule="@daily") as dag:\n    PythonOperator(task_id="load", python_callable=print)\n`;
    const airflow = await detect({ 'dags/daily_orders.py': dag });
    expect(airflow.profiles).toEqual(['data-pipeline']);
    expect(airflow.sightings).toEqual([{ profile: 'data-pipeline', path: 'dags/daily_orders.py', line: 2, why: 'Airflow DAG' }]);
  });

  it('evaluation code shows no system: a binarizer fitted in metrics, an LLM judge declared by an eval folder', async () => {
    const judged = {
      'evals/metrics.py': 'from sklearn.preprocessing import MultiLabelBinarizer\n\ndef f1(y_true, y_pred):\n    mlb = MultiLabelBinarizer()\n    mlb.fit([labels])\n    return score\n',
      'eval/requirements.txt': 'openai==1.30.0\n',
      'eval/judge.py': 'import openai\n',
      'finetune.py': 'from peft import LoraConfig\nconfig = LoraConfig(r=8)\n',
    };
    const seen = await detect(judged);
    expect(seen.profiles).toEqual(['fine-tuned-model']);
    // The same fit and the same SDK outside evaluation code do show a trained model and an LLM application.
    const shown = await detect({ 'train.py': 'from sklearn.ensemble import RandomForestClassifier\nclf = RandomForestClassifier()\nclf.fit(X, y)\n', 'requirements.txt': 'openai==1.30.0\n' });
    expect(shown.profiles).toEqual(['trained-model', 'llm-application']);
    // A preprocessor fitted in training code is passed over for the model's own fit.
    const pipeline = await detect({ 'train.py': 'scaler.fit(X)\nmodel.fit(scaler.transform(X), y)\n' });
    expect(pipeline.sightings.map((sighting) => sighting.line)).toEqual([2]);
  });

  it('a test that calls .fit() makes no profile; an empty tree is judged by the default', async () => {
    const tests = { 'tests/test_model.py': 'def test_fit():\n    model.fit(X, y)\n', 'test_train.py': 'def test_loop():\n    loss.backward()\n', 'README.md': '# Tools\n' };
    expect((await detect(tests)).profiles).toEqual([]);
    const opened = await openTarget(makeTree({}));
    try {
      const profiles = await resolveProfiles(opened.snapshot, undefined);
      expect(profiles).toMatchObject({ judged: ['trained-model'], source: 'default', detected: [], sightings: [] });
    } finally {
      await opened.close();
    }
  });
});

describe('whose word decides', () => {
  it("the buyer's policy wins over what the scan detects", async () => {
    const report = await scanDir(makeTree(LLM_APP), { checks: MANIFEST_CHECK, policy: { profiles: ['trained-model'] } });
    expect(report.profiles).toMatchObject({ judged: ['trained-model'], source: 'policy', detected: ['llm-application'], declared: null });
  });

  it('--profile wins over the policy, changes the policy digest, and a wrong name is a usage error listing the profiles', async () => {
    const dir = makeTree({ ...LLM_APP, 'buyer-policy.yml': 'version: 1\nprofiles: [trained-model]\n' });
    const flagged = await run('scan', dir, '--policy', `${dir}/buyer-policy.yml`, '--profile', 'data-pipeline,llm-application', '--format', 'json', '--min-score', '0');
    expect(flagged.stderr).toBe('');
    const report = JSON.parse(flagged.stdout) as Report;
    expect(report.profiles).toMatchObject({ judged: ['data-pipeline', 'llm-application'], source: 'policy', detected: ['llm-application'] });
    const plainRun = JSON.parse((await run('scan', dir, '--policy', `${dir}/buyer-policy.yml`, '--format', 'json', '--min-score', '0')).stdout) as Report;
    expect(plainRun.profiles?.judged).toEqual(['trained-model']);
    expect(plainRun.policy.digest).not.toBe(report.policy.digest);

    const wrong = await run('scan', dir, '--profile', 'llm-app');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('unknown profile "llm-app"; valid profiles: trained-model, fine-tuned-model, llm-application, data-pipeline');
  });

  it('the digest without --profile is what it was before profiles existed; with it, it differs per list', () => {
    const ids = CHECKS.map((check) => check.id);
    const none = resolvePolicy({}, ids);
    expect(resolvePolicy({ profiles: [] }, ids).digest).toBe(none.digest);
    const llm = resolvePolicy({ profiles: ['llm-application'] }, ids);
    expect(llm.profiles).toEqual(['llm-application']);
    expect(llm.digest).not.toBe(none.digest);
    expect(resolvePolicy({ profiles: ['data-pipeline'] }, ids).digest).not.toBe(llm.digest);
    expect(resolvePolicy({ policy: { profiles: ['trained-model'] }, profiles: ['llm-application'] }, ids).profiles).toEqual(['llm-application']);
  });

  it("the vendor's handover.yml is reported next to what the scan saw, never used, with a note naming both", async () => {
    const dir = makeTree({ 'train.py': TRAIN_LOOP, 'handover.yml': 'version: 1\nproject: churn\nprofiles: [llm-application]\n' });
    const checksSeen: string[][] = [];
    // A check that records what it is told to judge: the manifest must not reach it.
    const probe: CheckDefinition = { ...MANIFEST_CHECK[0], id: 'profile-probe', run: async (_snapshot, context) => (checksSeen.push([...(context.profiles?.judged ?? [])]), { status: 'skip', reason: 'probe' }) };
    const report = await scanDir(dir, { checks: [...MANIFEST_CHECK, probe] });
    expect(report.profiles).toMatchObject({ judged: ['trained-model'], source: 'detected', detected: ['trained-model'], declared: { profiles: ['llm-application'], path: 'handover.yml' } });
    expect(checksSeen).toEqual([['trained-model']]);
    expect(report.policy.notes).toContain(
      'handover.yml:3 declares the system profile llm-application; the scan detected trained-model (judged as trained-model, what the scan detected). The vendor\'s declaration is reported, not used.',
    );
    const valid = compileSchema<Report>(reportSchema)(report);
    expect(valid.ok ? [] : valid.all).toEqual([]);

    const agreeing = await scanDir(makeTree({ 'train.py': TRAIN_LOOP, 'handover.yml': 'version: 1\nprofiles: [trained-model]\n' }), { checks: MANIFEST_CHECK });
    expect(agreeing.profiles?.declared).toEqual({ profiles: ['trained-model'], path: 'handover.yml' });
    expect(agreeing.policy.notes.filter((note) => note.includes('system profile'))).toEqual([]);
  });

  it('an unknown profile in handover.yml is a schema issue at its line and is not read', () => {
    const parsed = parseHandoverManifest('version: 1\nprofiles: [chatbot, llm-application]\n');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.profiles).toEqual({ ids: ['llm-application'], line: 2, column: 11 });
    expect(parsed.value.issues.map((issue) => issue.line)).toContain(2);
  });

  it('an audit engagement may state its profiles (or inherit the defaults), outranking its policy', async () => {
    const app = makeTree(LLM_APP);
    const trainer = makeTree({ 'train.py': TRAIN_LOOP });
    const list = makeTree({
      'engagements.yml': `version: 1\ndefaults:\n  profiles: [data-pipeline]\nengagements:\n  - { name: assistant, target: ${app}, profiles: [llm-application] }\n  - { name: churn, target: ${trainer} }\n`,
    });
    const engagements = parseEngagementList(readFileSync(`${list}/engagements.yml`, 'utf8'), `${list}/engagements.yml`);
    expect(engagements.map((entry) => entry.profiles)).toEqual([['llm-application'], ['data-pipeline']]);
    const record = await runAudit(engagements, { checks: MANIFEST_CHECK, source: 'engagements.yml', concurrency: 1, env: {} });
    expect(record.engagements.map((entry) => entry.report?.profiles?.judged)).toEqual([['llm-application'], ['data-pipeline']]);
    expect(() => parseEngagementList('engagements:\n  - { name: a, target: ., profiles: [chatbot] }\n', 'engagements.yml')).toThrow(/profiles/);
  });

  it('the Action input `profiles` is validated like the flag', () => {
    const get = (values: Record<string, string>) => (name: string) => values[name] ?? '';
    expect(readInputs(get({ profiles: 'llm-application, data-pipeline' })).profiles).toEqual(['llm-application', 'data-pipeline']);
    expect(readInputs(get({})).profiles).toBeUndefined();
    expect(() => readInputs(get({ profiles: 'rag-app' }))).toThrow(/profiles: unknown profile "rag-app"; valid profiles: trained-model, fine-tuned-model, llm-application, data-pipeline/);
    expect(parseProfileList(' , ')).toEqual({ ok: false, error: `name at least one profile: ${SYSTEM_PROFILES.join(', ')}` });
  });
});

describe('every output shows what the delivery was judged as', () => {
  // Tags, a mention, emphasis and a terminal escape in a prompt file's name.
  const HOSTILE = 'prompts/<img src=x onerror=alert(1)> @org *em* \u001b[31mred.j2';

  async function hostileReport(): Promise<Report> {
    return scanDir(makeTree({ 'pyproject.toml': PYPROJECT_LLM, [HOSTILE]: 'Answer.\n' }), { checks: MANIFEST_CHECK });
  }

  it('text: the line near the score, terminal-safe', async () => {
    const text = renderText(await hostileReport(), { color: false });
    const line = text.split('\n').find((candidate) => candidate.includes('Judged as:'))!;
    expect(line).toContain('Judged as: LLM application (detected: anthropic in pyproject.toml, prompts/<img src=x onerror=alert(1)> @org *em* \uFFFD[31mred.j2)');
    expect(text).not.toContain('\u001b');
    expect(text.indexOf('Judged as:') - text.indexOf('Score ')).toBeLessThan(120);
  });

  it('Markdown, job summary and PR comment: the line, with repository paths inert', async () => {
    const report = await hostileReport();
    const md = new MarkdownIt('commonmark', { html: true, linkify: true }).enable(['table', 'strikethrough', 'linkify']);
    for (const [name, source] of [
      ['markdown', renderMarkdown(report)],
      ['job summary', renderJobSummary(report)],
      ['pr comment', renderPrComment(report)],
    ]) {
      const line = source.split('\n').find((candidate) => candidate.startsWith('Judged as:'));
      expect(line, name).toMatch(/^Judged as: LLM application \(detected: anthropic in `pyproject\.toml`, `prompts\/<img src=x onerror=alert\(1\)> @org \*em\* \uFFFD\[31mred\.j2`\)$/);
      const html = md.render(line!);
      expect(html, name).not.toMatch(/<img|<em>|<a\s/);
    }
  });

  it('the acceptance checklist: a row of its summary table, whole and inert', async () => {
    const source = renderChecklist(await hostileReport());
    const row = source.split('\n').find((line) => line.startsWith('| Judged as |'))!;
    expect(row).toMatch(/^\| Judged as \| LLM application \(detected: anthropic in `pyproject\.toml`, `prompts\/<img src=x onerror=alert\(1\)> @org \*em\* \uFFFD\[31mred\.j2`\) \|$/);
    const html = new MarkdownIt('commonmark', { html: true }).enable('table').render(`| | |\n| --- | --- |\n${row}\n`);
    expect(html.match(/<td>/g)).toHaveLength(2);
    expect(html).not.toMatch(/<img|<em>/);
  });

  it('HTML: the line, escaped', async () => {
    const page = renderHtml(await hostileReport());
    expect(page).toContain('<p class="profiles">Judged as: LLM application (detected: anthropic in <span class="mono">pyproject.toml</span>, <span class="mono">prompts/&#60;img src&#61;x onerror&#61;alert(1)&#62; @org *em* \uFFFD[31mred.j2</span>)</p>');
    expect(page).not.toContain('<img src=x');
  });

  it("states the buyer's word, the default, and the vendor's declaration", async () => {
    const policy = renderText(await scanDir(makeTree({ 'train.py': TRAIN_LOOP }), { checks: MANIFEST_CHECK, policy: { profiles: ['llm-application'] } }), { color: false });
    expect(policy).toContain("Judged as: LLM application (the buyer's policy; the scan detected trained model: train.py)");
    const runs = { 'mlruns/1/4f2a/meta.yaml': 'run_id: 4f2a\n', 'mlruns/1/9c1e/meta.yaml': 'run_id: 9c1e\n', 'mlruns/1/77ab/meta.yaml': 'run_id: 77ab\n' };
    const tracked = renderText(await scanDir(makeTree({ 'train.py': TRAIN_LOOP, ...runs }), { checks: MANIFEST_CHECK }), { color: false });
    expect(tracked).toContain('Judged as: trained model (detected: train.py, mlruns/ (recorded runs))');
    const empty = renderText(await scanDir(makeTree({}), { checks: MANIFEST_CHECK }), { color: false });
    expect(empty).toContain('Judged as: trained model (nothing shows what kind of system this is, so the full checklist of a trained model applies)');
    const declared = renderMarkdown(await scanDir(makeTree({ 'train.py': TRAIN_LOOP, 'handover.yml': 'version: 1\nprofiles: [llm-application]\n' }), { checks: MANIFEST_CHECK }));
    expect(declared).toContain("Judged as: trained model (detected: `train.py`) · `handover.yml` declares: LLM application (the vendor's word, reported, not used)");
  });
});

describe('explain', () => {
  it('`explain profiles` lists each profile, how it is detected and what the checks judge instead', async () => {
    const { code, stdout } = await run('explain', 'profiles');
    expect(code).toBe(0);
    for (const profile of SYSTEM_PROFILES) expect(stdout).toMatch(new RegExp(`^${profile}: `, 'm'));
    expect(stdout).toContain('Detected from: an LLM provider SDK');
    const declaring = CHECKS.filter((check) => check.profiles?.['llm-application']);
    for (const check of declaring) expect(stdout).toMatch(new RegExp(`^    ${check.id} +\\S`, 'm'));
    expect((await run('explain', 'no-such-check')).stderr).toContain('or profiles for the system profiles');
  });

  it('`explain <check>` shows what the check judges per profile', () => {
    const check: CheckDefinition = { ...CHECKS[0], profiles: { 'llm-application': 'the history of prompt and model evaluations (promptfoo result files).' } };
    const text = explainCheck([check], check.id)!;
    expect(text).toContain('System profiles (what this check judges instead; others as a trained model):\n  llm-application:\n      the history of prompt and model evaluations (promptfoo result files).');
    const plainCheck: CheckDefinition = { ...CHECKS[0], profiles: undefined };
    expect(explainCheck([plainCheck], check.id)).toContain('System profiles: judged the same for every profile');
  });
});
