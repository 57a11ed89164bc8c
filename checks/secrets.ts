// secrets: are credentials committed to the repository, now or at any point in its history, and is the
// repository set up so they will not be? Every value is masked before it leaves src/secrets.
import { defineCheck, findingFrom, unit, type Evidence, type Finding } from '../src/check.js';
import { envFileRole, gitignoreCovers, holdsCredential, isTestEnvFile, parseEnvFile } from '../src/secrets/env-files.js';
import { DEFAULT_TREE_BUDGET, scanHistory, scanWorkingTree, type HistoryScan, type TreeScan } from '../src/secrets/scan-repository.js';
import { formatBytes, type Snapshot } from '../src/snapshot/snapshot.js';

const MAX_SECRET_FINDINGS = 100;
const SECRET_NAMED_KEY = /(password|passwd|pwd|secret|token|api_?key|apikey|access_?key|private_?key|credential|auth|dsn|connection_?string|database_url|_url$)/i;

const check = defineCheck({
  id: 'secrets',
  title: 'No committed secrets',
  rationale:
    'A credential committed to a repository is compromised for everyone who ever cloned it, and deleting the file does not remove it from history. The buyer inherits the exposure: every key found must be rotated before handover.',
  defaultWeight: 3,
  role: 'safeguard',
  criteria: [
    { id: 'tree', title: 'No secrets in the working tree', weight: 5, description: 'No cloud keys, tokens, private keys, passwords in connection strings or .env values in any text file. A cautious (heuristic) hit costs less than a confirmed format.' },
    { id: 'history', title: 'No secrets in the git history', weight: 3, description: 'No commit ever added one. Without git history this cannot be verified and leaves the weight (listed in the coverage); a shallow clone 0.75; a history that cannot be read to the end (a missing object, a git error) 0.' },
    { id: 'hygiene', title: 'Secret hygiene', weight: 2, description: '.gitignore covers .env (0.6) and an .env.example lists the variable names without values (0.4).' },
  ],
  findings: {
    'secret-in-tree': { severity: 'error', title: 'Credential committed in the working tree', criterion: 'tree', remediation: 'Revoke and rotate the credential now, remove it from the file, and load it from the environment or a secret manager instead; then purge it from history (git filter-repo) before handover.' },
    'possible-secret': { severity: 'warning', title: 'Value that looks like a secret', criterion: 'tree', remediation: 'If this is a real credential, rotate it and load it from the environment; if it is not, replace it with an obvious placeholder so reviewers need not guess.' },
    'env-file-with-values': { severity: 'error', title: '.env file committed with values', criterion: 'tree', remediation: 'Remove the .env file from the repository (and history), rotate the values it held, add `.env` to .gitignore and commit an `.env.example` with the names only.' },
    'secret-in-history': { severity: 'error', title: 'Credential in git history', criterion: 'history', remediation: 'Deleting the file did not revoke it: rotate the credential, then rewrite history (git filter-repo --replace-text) and have every clone re-fetched.' },
    'possible-secret-in-history': { severity: 'warning', title: 'Value that looks like a secret in git history', criterion: 'history', remediation: 'Check whether the value was a real credential; if so, rotate it and purge it from history.' },
    'history-not-scanned': { severity: 'info', title: 'Git history not scanned', criterion: 'history', remediation: 'Scan the git repository itself (not an export) so history can be checked: secrets removed from the tree stay in old commits.' },
    'history-incomplete': { severity: 'error', title: 'Git history could not be read to the end', criterion: 'history', remediation: 'Deliver a repository whose history git can read (`git fsck --full` passes): restore the missing objects from the original repository. Until then, commits past the break are unchecked and a credential in them is hidden.' },
    'history-shallow': { severity: 'info', title: 'Shallow clone: older history not scanned', criterion: 'history', remediation: 'Scan a full clone (`git fetch --unshallow`) so every commit is checked.' },
    'scan-capped': { severity: 'info', title: 'Scan stopped at its budget', remediation: 'Raise the budget in the buyer policy (checks.secrets.options: maxFiles for the working tree, historyBytes for the history) or scan the repository in parts; what was not read was not checked.' },
    'env-file-committed': { severity: 'info', title: 'Env file committed without credentials', criterion: 'hygiene', remediation: 'Nothing to rotate. Keep such files to settings and test fixtures, and make sure a real value never lands in them (name test files .env.test, keep local ones out of git).' },
    'env-not-ignored': { severity: 'warning', title: '.env is not in .gitignore', criterion: 'hygiene', remediation: 'Add `.env` (and `.env.*` with `!.env.example`) to .gitignore so local credentials cannot be committed by accident.' },
    'no-env-example': { severity: 'info', title: 'No .env.example', criterion: 'hygiene', remediation: 'Commit an `.env.example` listing every variable the code reads (names only, no values) so the receiving team knows which credentials to provision.' },
    'example-has-values': { severity: 'warning', title: 'Example env file holds values for secret keys', criterion: 'hygiene', remediation: 'Leave secret values empty in `.env.example` (e.g. `MLFLOW_TRACKING_PASSWORD=`); rotate any real value that was committed.' },
  },
  scale: {
    high: 'No credential in any text file or any commit, .env ignored, an .env.example naming the variables.',
    low: 'A cloud key, token, private key or .env file with values is committed: it must be rotated before anything else.',
  },
  locationsUnused: 'it scans every text file of the tree (likeliest places first) and the git history.',
  recognises: [
    'AWS access key IDs and secret keys, Google Cloud service-account JSON keys, Azure storage/shared-access keys and client secrets',
    'W&B API keys (wandb_v1_…, 40-hex in WANDB_API_KEY, wandb settings, .netrc), Hugging Face hf_ tokens, OpenAI sk-/sk-proj- keys, Anthropic sk-ant- keys',
    'GitHub ghp_/github_pat_ tokens, Slack xox* tokens and webhooks, Google API keys, Databricks and npm tokens',
    'PEM private keys (-----BEGIN … PRIVATE KEY-----), passwords in database/broker connection strings and URLs',
    'random-looking values assigned to password/secret/token/api_key keys (cautious rule)',
    '.env files with values, .gitignore coverage of .env, .env.example; the git history (added lines of every commit, 64 MiB budget); the working tree (text files up to 1 MiB, likeliest places first: env and configuration files, scripts, code, documents; 5,000 files and 64 MiB by default). Rules: docs/secret-rules.md',
  ],
  async run(snapshot, context) {
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    // Side by side: git writes the history's patches while the tree's files are read. The history is
    // started first, so git is at work before the tree scan's ranking of the whole listing.
    const historyScan = scanHistory(snapshot, { budget: positiveInteger(context.options.historyBytes) });
    const [tree, history] = await Promise.all([scanWorkingTree(snapshot, { maxFiles: positiveInteger(context.options.maxFiles) }), historyScan]);
    const historyByValue = new Map<string, { commit: string; date: string }>();
    if (history.available) for (const secret of history.secrets) historyByValue.set(`${secret.ruleId}\0${secret.fingerprint}`, secret);

    // A random-looking value in an example env file is the hygiene criterion's `example-has-values` (one finding
    // per file, naming the keys): reported again here it would read as a second credential. A recognised key
    // (AKIA…, ghp_…) in an example file is still one.
    const reported = { ...tree, secrets: tree.secrets.filter((secret) => secret.confidence === 'high' || envFileRole(secret.path) !== 'example') };
    const treeFiles = judgeTree(reported, historyByValue, evidence, findings);
    const envFiles = await judgeEnvFiles(snapshot, evidence, findings);
    const treeValue = treeFiles * envFiles.factor;
    const historyValue = judgeHistory(history, tree, evidence, findings);
    const hygieneValue = await judgeHygiene(snapshot, evidence, findings);

    const confirmed = reported.secrets.filter((secret) => secret.confidence === 'high').length;
    const possible = reported.secrets.length - confirmed;
    const historyOnly = history.available ? history.secrets.filter((secret) => !tree.secrets.some((found) => found.fingerprint === secret.fingerprint)).length : 0;
    const summary =
      `Scanned ${tree.filesScanned} file(s) (${formatBytes(tree.bytesScanned)})` +
      (history.available ? ` and ${history.commits} commit(s) (${formatBytes(history.bytes)} of added lines)` : ', no git history') +
      `: ${confirmed} credential(s) in the tree` +
      (envFiles.withCredentials ? ` and ${envFiles.withCredentials} env file(s) with credential values` : '') +
      (possible ? `, ${possible} possible secret(s) to check` : '') +
      `, ${historyOnly} only in history.`;
    // Without history the criterion leaves the weight, and the report's coverage says why. A history that
    // stopped part-way keeps its weight and scores 0: the break itself may hide a credential.
    const unsupported = !history.available ? [{ criterion: 'history', reason: `git history not scanned: ${history.reason}` }] : [];
    if (history.available && history.error) snapshot.addError({ path: '.git', message: `git history not read to the end: ${history.error}` });
    // Zero text files read: a clean tree is not shown, so the criterion leaves the weight rather than earn it.
    const notApplicable = tree.filesScanned === 0 ? [{ criterion: 'tree', reason: 'no text file in the working tree to scan' }] : [];
    return { status: 'judged', criteria: { tree: unit(treeValue), history: unit(historyValue), hygiene: unit(hygieneValue) }, evidence, findings, summary, unsupported, notApplicable };
  },
});

export default check;

function judgeTree(tree: TreeScan, history: Map<string, { commit: string; date: string }>, evidence: Evidence[], findings: Finding[]): number {
  evidence.push({
    path: '.',
    kind: 'secret-scan',
    note:
      `working tree: ${tree.filesScanned} text file(s), ${formatBytes(tree.bytesScanned)} scanned; skipped ${tree.skippedBinary} binary, ${tree.skippedLarge} over 1 MiB, ${tree.skippedByType} by type` +
      (tree.capped ? `; ${treeBudget(tree)} reached, ${tree.notScanned} file(s) not scanned` : ''),
  });
  if (tree.capped) findings.push(findingFrom(check, 'scan-capped', `The working-tree scan stopped at its ${treeBudget(tree)}; ${tree.notScanned} file(s) were not scanned (the likeliest places for credentials were read first).`));
  let confirmed = 0;
  let cautious = 0;
  // Confirmed credentials first (they survive the findings cap), then in file order: stable across runs.
  const ordered = [...tree.secrets].sort(
    (a, b) => Number(b.confidence === 'high') - Number(a.confidence === 'high') || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line),
  );
  // One credential written on several lines of a file (a URL repeated in each test case) is one finding.
  const repeats = new Map<string, number[]>();
  for (const secret of ordered) {
    const key = `${secret.path}\0${secret.ruleId}\0${secret.fingerprint}`;
    const lines = repeats.get(key);
    if (lines) lines.push(secret.line);
    else repeats.set(key, []);
  }
  const reported = new Set<string>();
  for (const secret of ordered) {
    const key = `${secret.path}\0${secret.ruleId}\0${secret.fingerprint}`;
    if (reported.has(key)) continue;
    reported.add(key);
    if (secret.confidence === 'high') confirmed++;
    else cautious++;
    if (confirmed + cautious > MAX_SECRET_FINDINGS) continue;
    const committed = history.get(`${secret.ruleId}\0${secret.fingerprint}`);
    const since = committed ? ` (committed in ${committed.commit.slice(0, 10)} on ${committed.date.slice(0, 10)})` : '';
    const also = repeats.get(key)!;
    const elsewhere = also.length ? `, and again at line${also.length > 1 ? 's' : ''} ${also.slice(0, 5).join(', ')}${also.length > 5 ? ', …' : ''}` : '';
    findings.push(
      findingFrom(check, secret.confidence === 'high' ? 'secret-in-tree' : 'possible-secret', `${capitalise(secret.title)} ${secret.masked} at line ${secret.line}${elsewhere}${since}.`, {
        path: secret.path,
        line: secret.line,
      }),
    );
  }
  if (confirmed + cautious > MAX_SECRET_FINDINGS) {
    findings.push(findingFrom(check, 'secret-in-tree', `${confirmed + cautious - MAX_SECRET_FINDINGS} more secret(s) not listed.`));
  }
  for (const path of new Set(tree.secrets.map((secret) => secret.path))) {
    const here = tree.secrets.filter((secret) => secret.path === path);
    evidence.push({ path, kind: 'secret', note: `${here.length} secret(s): ${[...new Set(here.map((secret) => secret.ruleId))].join(', ')}` });
  }
  if (confirmed > 0) return 0;
  return cautious > 0 ? Math.max(0.5, 1 - 0.15 * cautious) : tree.capped ? 0.9 : 1;
}

/**
 * Committed env files: names of the variables that hold values (never the values). Only values that look
 * like credentials call for rotation; a test/CI file's fixtures and settings without secrets are a hygiene note.
 */
async function judgeEnvFiles(snapshot: Snapshot, evidence: Evidence[], findings: Finding[]): Promise<{ factor: number; withCredentials: number }> {
  let factor = 1;
  let withCredentials = 0;
  for (const path of envFileCandidates(snapshot).filter((file) => envFileRole(file) === 'env').slice(0, 50)) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok) continue;
    const entries = parseEnvFile(read.text);
    const withValues = entries.filter((entry) => entry.hasValue);
    const forTests = isTestEnvFile(path);
    const credentials = withValues.filter(holdsCredential);
    evidence.push({ path, kind: 'env-file', note: `${entries.length} variable(s), ${withValues.length} with a value, ${credentials.length} credential-like${forTests ? '; configures tests or CI' : ''}` });
    if (withValues.length === 0) continue;
    const values = `${path} is committed with values for ${withValues.length} variable(s): ${listKeys(withValues)}`;
    if (credentials.length > 0 && !forTests) {
      withCredentials++;
      findings.push(findingFrom(check, 'env-file-with-values', `${values}; ${credentials.length} look like credentials: ${listKeys(credentials)}.`, { path, line: withValues[0].line }));
      factor = 0;
    } else {
      // A test or CI env file configures a throwaway stack: its values are fixtures. A real key in it is still
      // reported on its own line by the key rules; the file itself is a hygiene note.
      const named = withValues.filter((entry) => SECRET_NAMED_KEY.test(entry.key) && !/_URL$|_URI$|_HOST$|_PORT$/i.test(entry.key));
      const why = forTests
        ? `it configures tests or CI, so its values are taken as fixtures${credentials.length ? ` (credential-named: ${listKeys(credentials)})` : ''}`
        : named.length > 0
          ? `the credential-named ones (${listKeys(named)}) hold local defaults or stand-ins, not credentials`
          : 'none is named like a credential';
      findings.push(findingFrom(check, 'env-file-committed', `${values}; ${why}.`, { path, line: withValues[0].line }));
    }
  }
  return { factor, withCredentials };
}

function listKeys(entries: ReadonlyArray<{ key: string }>): string {
  return entries.map((entry) => entry.key).slice(0, 12).join(', ') + (entries.length > 12 ? ', …' : '');
}

function judgeHistory(history: HistoryScan, tree: TreeScan, evidence: Evidence[], findings: Finding[]): number {
  if (!history.available) {
    evidence.push({ path: '.', kind: 'secret-scan', note: `git history not scanned: ${history.reason}` });
    findings.push(findingFrom(check, 'history-not-scanned', `History not scanned: ${history.reason}. Secrets removed from the files may still be in old commits.`));
    return 0.5;
  }
  evidence.push({
    path: '.git',
    kind: 'git-history',
    note: `${history.commits} commit(s), ${formatBytes(history.bytes)} of added lines scanned${history.capped ? ' (budget reached: older commits not scanned)' : ''}${history.shallow ? '; shallow clone' : ''}${history.excludedPaths ? `; ${history.excludedPaths} path(s) with blobs the partial clone did not fetch left out` : ''}${history.error ? `; not read to the end: ${history.error}` : ''}`,
  });
  // Error, not warning: a vendor can hide a committed key by deleting one object, and a repository git
  // cannot read is itself not transferable. Whatever was found before the break is still reported.
  if (history.error) findings.push(findingFrom(check, 'history-incomplete', `The git history could not be read to the end (${history.error}) after ${history.commits} commit(s); older commits were not scanned for secrets.`, { path: '.git' }));
  const inTree = new Set(tree.secrets.map((secret) => `${secret.ruleId}\0${secret.fingerprint}`));
  let confirmed = 0;
  let cautious = 0;
  let listed = 0;
  for (const secret of history.secrets) {
    if (secret.confidence === 'high') confirmed++;
    else cautious++;
    if (inTree.has(`${secret.ruleId}\0${secret.fingerprint}`)) continue; // reported with the tree finding
    if (++listed > MAX_SECRET_FINDINGS) continue;
    findings.push(
      findingFrom(
        check,
        secret.confidence === 'high' ? 'secret-in-history' : 'possible-secret-in-history',
        `${capitalise(secret.title)} ${secret.masked} was added in commit ${secret.commit.slice(0, 10)} (${secret.date.slice(0, 10)}) at ${secret.path}:${secret.line} and is no longer in the working tree.`,
        { path: secret.path, line: secret.line },
      ),
    );
  }
  if (history.capped) findings.push(findingFrom(check, 'scan-capped', `The history scan stopped at its ${formatBytes(history.budget)} budget after ${history.commits} commit(s); older commits were not scanned.`));
  if (history.shallow) findings.push(findingFrom(check, 'history-shallow', 'The repository is a shallow clone: commits before the graft were not scanned.'));
  if (confirmed > 0 || history.error) return 0;
  if (cautious > 0) return 0.6;
  return history.shallow ? 0.75 : history.capped ? 0.9 : 1;
}

async function judgeHygiene(snapshot: Snapshot, evidence: Evidence[], findings: Finding[]): Promise<number> {
  let value = 0;
  const gitignore = snapshot.has('.gitignore') ? await snapshot.readText('.gitignore', { maxBytes: 256 * 1024 }) : null;
  const covered = gitignore?.ok ? gitignoreCovers(gitignore.text, '.env') : { covered: false, line: null };
  if (covered.covered) {
    value += 0.6;
    evidence.push({ path: '.gitignore', line: covered.line ?? undefined, kind: 'gitignore', note: '.env is ignored' });
  } else {
    findings.push(findingFrom(check, 'env-not-ignored', gitignore ? '.gitignore does not ignore .env.' : 'There is no .gitignore at the repository root, so nothing keeps .env out of commits.', { path: gitignore ? '.gitignore' : undefined }));
  }
  const examples = envFileCandidates(snapshot).filter((file) => envFileRole(file) === 'example').slice(0, 10);
  let exampleValue = 0;
  for (const path of examples) {
    const read = await snapshot.readText(path, { maxBytes: 256 * 1024 });
    if (!read.ok) continue;
    const entries = parseEnvFile(read.text);
    const leaking = entries.filter(holdsCredential);
    evidence.push({ path, kind: 'env-example', note: `${entries.length} variable name(s)${leaking.length ? `, ${leaking.length} with values` : ', no secret values'}` });
    if (entries.length === 0) continue;
    if (leaking.length > 0) {
      findings.push(findingFrom(check, 'example-has-values', `${path} gives values for ${leaking.map((entry) => entry.key).slice(0, 10).join(', ')}.`, { path, line: leaking[0].line }));
      exampleValue = Math.max(exampleValue, 0.2);
    } else exampleValue = 0.4;
  }
  if (examples.length === 0) findings.push(findingFrom(check, 'no-env-example', 'No .env.example lists the environment variables (credentials, tracking URIs) the code expects.'));
  return value + exampleValue;
}

/** Files named `.env…` or `….env`, from the name indexes rather than a pass over every path. */
function envFileCandidates(snapshot: Snapshot): readonly string[] {
  return snapshot.glob(['**/.env*', '**/*.env'], { caseSensitive: true });
}

function treeBudget(tree: TreeScan): string {
  // Thousands separated by hand: toLocaleString would load ICU data for one number.
  const files = tree.maxFiles.toLocaleString('en-US');
  return tree.cappedBy === 'files' ? `budget of ${files} files` : `budget of ${formatBytes(DEFAULT_TREE_BUDGET)}`;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
