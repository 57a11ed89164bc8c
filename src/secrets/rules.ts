// The secret detection rules: one entry per credential format, modelled on secretlint's recommended
// rules (@secretlint/secretlint-rule-aws, -privatekey, -gcp, -azure, -basicauth, -database-connection-string,
// -github, -slack, -openai, -anthropic, -huggingface, -npm) and extended for ML tooling (W&B keys, .netrc,
// Databricks). Every pattern is linear: bounded repetitions over one character class, no nested quantifiers
// on overlapping classes. docs/secret-rules.md lists the table with what each rule ignores and why.

export type SecretConfidence = 'high' | 'cautious';

export interface SecretRuleContext {
  /** Repository path of the file the line comes from. */
  path: string;
  /** The whole line (never reported; used only to judge the match). */
  line: string;
}

export interface SecretRule {
  id: string;
  /** What was found, for messages: "AWS access key ID". */
  title: string;
  /** The secretlint rule this one follows, or "ml-handover" for our own additions. */
  basis: string;
  /** `high`: a vendor's documented format. `cautious`: a heuristic (a keyword plus a random-looking value). */
  confidence: SecretConfidence;
  /** Global regex; the secret is capture group `group` (0 = the whole match). */
  pattern: RegExp;
  group?: number;
  /** How many leading characters are the vendor's public prefix and may appear in the mask (≤ 4). */
  reveal: number;
  /** Lowercase substrings, one of which the lowercased line must contain before the regex runs. */
  hints: readonly string[];
  /** Only lines of these files are tested. */
  appliesTo?: (path: string) => boolean;
  /** Final judgement on the captured value (placeholders, examples, entropy). */
  accept?: (value: string, context: SecretRuleContext) => boolean;
}

/** Documentation values published by the vendors themselves; never real credentials. */
const VENDOR_EXAMPLES = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKIAI44QH8DHBEXAMPLE', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY']);

const PLACEHOLDER = new RegExp(
  [
    '^(x+|\\*+|\\.+|-+|_+|#+|0+|1234567?8?9?0?|abcdefg?h?)$',
    '^[<{\\[(%$]',
    '(change_?me|changeit|replace_?me|placeholder|example|sample|dummy|redacted|your[_-]|my[_-]?(password|secret|token|key)|insert[_-]|enter[_-]|fill[_-]?in|not[_-]?set|todo|fixme|secret_?here|password_?here|token_?here|key_?here)',
    '^(none|null|nil|undefined|true|false|password|passwd|secret|token|test\\w*|admin|root|user|username|pass|default|empty)$',
    // `ZENKEY_1234567890...`, `sk-abcdefghijklmnop`: a counted-out run or a trailing ellipsis is written by hand.
    '0?123456789|abcdefghijk|(\\.\\.\\.|…)$',
  ].join('|'),
  'i',
);

/** True for values that are templates, references or obvious stand-ins rather than credentials. */
export function isPlaceholderValue(value: string): boolean {
  if (VENDOR_EXAMPLES.has(value)) return true;
  if (PLACEHOLDER.test(value)) return true;
  if (/\$\{|\{\{|%\(|\$\(/.test(value)) return true;
  // `postgresql://DB_USER:DB_PASSWORD@DB_ENDPOINT/…`: an environment variable's name standing in for its value.
  if (/^[A-Z][A-Z0-9]{0,40}(?:_[A-Z0-9]{1,40}){1,8}$/.test(value)) return true;
  if (new Set(value).size <= 2) return true;
  return false;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (!value) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  const length = [...value].length;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const isNetrc = (path: string) => /^[._]netrc$/i.test(basename(path));
const isWandbSettings = (path: string) => /(^|\/)\.?wandb\/settings$/.test(path) || /(^|\/)\.config\/wandb\/settings$/.test(path);
/** Files where `key = value` without quotes is a literal (config formats, env files, shell, Dockerfiles). */
const CONFIG_LIKE = /(^|\/)(\.env[\w.-]*|[\w.-]*\.env|[\w.-]*\.(ini|cfg|conf|properties|ya?ml|toml|sh|bash|zsh|envrc)|Dockerfile[\w.-]*|settings|credentials|config)$/i;

/**
 * detect-secrets' `pragma: allowlist secret`, gitleaks' `gitleaks:allow`, secretlint's disable comment: the author
 * marked the line as reviewed. Honoured for the heuristic rules only; a vendor key format is reported regardless.
 */
const ALLOWED_BY_AUTHOR = /pragma:[ \t]?allowlist[ \t-]secret|gitleaks:allow|secretlint-disable-line/i;

/** Test code and its fixtures: values there stand in for credentials unless they look generated. */
const TEST_PATH = /(^|\/)(tests?|__tests__|testing|spec|specs|fixtures?|__fixtures__|testdata|test_data|mocks?)\/|(^|\/)(test_[^/]*|[^/]*_tests?\.\w+|[^/]*\.(test|spec)\.\w+|conftest\.py)$/i;
export const isTestPath = (path: string) => TEST_PATH.test(path);
/** A host named as a stand-in (`@test-account`, `@fake-db`, `@mock_host:5432`). */
const FIXTURE_HOST = /@(?:test|fake|mock|dummy|stub|fixture)(?:[-_][\w-]{0,60})?(?=[/:?'"\s]|$)/i;

/** Long, varied and random-looking: what a generated password or token is, and a hand-typed fixture is not. */
function generatedLooking(value: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
  return value.length >= 12 && classes >= 2 && shannonEntropy(value) >= 3.2;
}

/** A password in a URL is real when it is neither a placeholder nor a reference, and not trivially short. */
function plausiblePassword(value: string, context: SecretRuleContext): boolean {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // keep the raw text
  }
  if (decoded.length < 4 || isPlaceholderValue(decoded)) return false;
  if (ALLOWED_BY_AUTHOR.test(context.line)) return false;
  // `postgres://postgres:postgres@db/…`: a password equal to the user name is an image's default, not a secret.
  if (context.line.includes(`/${value}:${value}@`)) return false;
  // secretlint's database rule: a repetitive value (few distinct characters) is a stand-in.
  if (new Set(decoded).size / decoded.length < 0.3) return false;
  // `snowflake://admin:safe@test-account/…` in a test: a fixture, unless the password looks generated.
  if ((isTestPath(context.path) || FIXTURE_HOST.test(context.line)) && !generatedLooking(decoded)) return false;
  // Documentation hosts and local development databases are examples, not leaks.
  return !/@(localhost|127\.0\.0\.1|0\.0\.0\.0|example\.(com|org|net)|host|hostname|server|db\.example)\b/i.test(context.line);
}

/** OpenAPI and Swagger descriptions (`openapi.json`, `github-swagger.yaml`): their values document shapes. */
function isApiDescription(path: string): boolean {
  const name = basename(path).toLowerCase();
  return /\.(json|ya?ml)$/.test(name) && (name.includes('openapi') || name.includes('swagger'));
}
const SECRET_KEY_NAME = /(^|[_.-])(password|passwd|pwd|pass|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?token|credentials?)$/i;

/** The cautious rule: a secret-named key, a quoted (or config-file) literal, long and random-looking. */
function plausibleAssignedSecret(value: string, context: SecretRuleContext, key: string, quoted: boolean): boolean {
  const name = key.replace(/^['"\\]+|(?<!['"\\])['"\\]+$/g, '');
  if (!SECRET_KEY_NAME.test(name)) return false;
  if (isApiDescription(context.path)) return false; // an OpenAPI/Swagger document's values are examples of a shape
  if (ALLOWED_BY_AUTHOR.test(context.line)) return false;
  if (!quoted && !CONFIG_LIKE.test(context.path)) return false; // `password = get_password()` in code is not a literal
  if (value.length < 12 || isPlaceholderValue(value)) return false;
  if (/:\/\//.test(value)) return false; // URLs have their own rules
  if (/^[\w.-]*\/[\w./-]*$/.test(value) && !/[+=]/.test(value) && /\.[a-z]{2,5}$|^\.{0,2}\//i.test(value)) return false; // a file path
  if (/^(os|env|process|settings|config|self|cfg|conf)\b[.[]/.test(value)) return false;
  const entropy = shannonEntropy(value);
  const mixed = /[a-z]/i.test(value) && /\d/.test(value);
  return (mixed && entropy >= 3.3) || (value.length >= 24 && entropy >= 4);
}

export const SECRET_RULES: readonly SecretRule[] = [
  {
    id: 'aws-access-key-id',
    title: 'AWS access key ID',
    basis: '@secretlint/secretlint-rule-aws (AWSAccessKeyID)',
    confidence: 'high',
    pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])/g,
    reveal: 4,
    hints: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    accept: (value) => !VENDOR_EXAMPLES.has(value) && !value.endsWith('EXAMPLE'),
  },
  {
    id: 'aws-secret-access-key',
    title: 'AWS secret access key',
    basis: '@secretlint/secretlint-rule-aws (AWSSecretAccessKey)',
    confidence: 'high',
    pattern: /(?:aws)?_?secret_?access_?key['"]?\s{0,5}(?::|=>|=|:=)\s{0,5}['"]?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
    reveal: 0,
    hints: ['secret'],
    accept: (value) => !VENDOR_EXAMPLES.has(value) && !/EXAMPLE/.test(value) && shannonEntropy(value) > 3.5,
  },
  {
    id: 'azure-storage-account-key',
    title: 'Azure storage account key in a connection string',
    basis: '@secretlint/secretlint-rule-azure',
    confidence: 'high',
    pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/g,
    group: 1,
    reveal: 0,
    hints: ['accountkey='],
  },
  {
    id: 'azure-shared-access-key',
    title: 'Azure shared access key in a connection string',
    basis: '@secretlint/secretlint-rule-azure',
    confidence: 'high',
    pattern: /SharedAccessKey=([A-Za-z0-9+/]{40,90}={0,2})/g,
    group: 1,
    reveal: 0,
    hints: ['sharedaccesskey='],
  },
  {
    id: 'azure-client-secret',
    title: 'Azure AD client secret',
    basis: '@secretlint/secretlint-rule-azure (AzureClientSecret)',
    confidence: 'high',
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
    reveal: 0,
    hints: ['q~'],
  },
  {
    id: 'wandb-api-key',
    title: 'Weights & Biases API key',
    basis: 'ml-handover (W&B v1 key format)',
    confidence: 'high',
    pattern: /(?<![A-Za-z0-9_])wandb_v1_[A-Za-z0-9_]{40,200}(?![A-Za-z0-9_])/g,
    reveal: 4,
    hints: ['wandb_v1_'],
  },
  {
    id: 'wandb-api-key',
    title: 'Weights & Biases API key',
    basis: 'ml-handover (40-hex key assigned to WANDB_API_KEY or passed to wandb.login)',
    confidence: 'high',
    pattern: /(?:wandb_api_key['"]?\s{0,5}(?::|=|:=)\s{0,5}|wandb\.login\(\s{0,5}(?:key\s{0,5}=\s{0,5})?)['"]?([0-9a-f]{40})(?![0-9a-f])/gi,
    group: 1,
    reveal: 0,
    hints: ['wandb'],
  },
  {
    id: 'wandb-api-key',
    title: 'Weights & Biases API key in a wandb settings file',
    basis: 'ml-handover (wandb settings `api_key`)',
    confidence: 'high',
    pattern: /^\s*api_key\s{0,5}=\s{0,5}([0-9a-f]{40}|wandb_v1_[A-Za-z0-9_]{40,200})\s*$/g,
    group: 1,
    reveal: 0,
    hints: ['api_key'],
    appliesTo: isWandbSettings,
  },
  {
    id: 'netrc-password',
    title: 'password in a .netrc file (W&B and other tools store API keys here)',
    basis: 'ml-handover (.netrc `password`)',
    confidence: 'high',
    pattern: /(?:^|\s)password\s+(\S{4,300})/g,
    group: 1,
    reveal: 0,
    hints: ['password'],
    appliesTo: isNetrc,
    accept: (value) => !isPlaceholderValue(value),
  },
  {
    id: 'huggingface-token',
    title: 'Hugging Face access token',
    basis: '@secretlint/secretlint-rule-huggingface',
    confidence: 'high',
    pattern: /(?<![A-Za-z0-9_])(?:hf_|api_org_)[A-Za-z]{34}(?![A-Za-z0-9_])/g,
    reveal: 3,
    hints: ['hf_', 'api_org_'],
  },
  {
    id: 'openai-api-key',
    title: 'OpenAI API key',
    basis: '@secretlint/secretlint-rule-openai',
    confidence: 'high',
    pattern: /(?<![A-Za-z0-9_-])sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,300}(?![A-Za-z0-9_-])|(?<![A-Za-z0-9])sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}(?![A-Za-z0-9])/g,
    reveal: 3,
    hints: ['sk-'],
  },
  {
    id: 'anthropic-api-key',
    title: 'Anthropic API key',
    basis: '@secretlint/secretlint-rule-anthropic',
    confidence: 'high',
    pattern: /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin|oat|sid)\d{2}-[A-Za-z0-9_-]{80,200}(?![A-Za-z0-9_-])/g,
    reveal: 4,
    hints: ['sk-ant-'],
  },
  {
    id: 'github-token',
    title: 'GitHub token',
    basis: '@secretlint/secretlint-rule-github',
    confidence: 'high',
    pattern: /(?<![A-Za-z0-9_])(?:(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/g,
    reveal: 4,
    hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  },
  {
    id: 'slack-token',
    title: 'Slack token',
    basis: '@secretlint/secretlint-rule-slack (SLACK_TOKEN)',
    confidence: 'high',
    pattern: /(?<![A-Za-z0-9])xox[abposre]-[0-9]{6,20}-[A-Za-z0-9-]{8,120}(?![A-Za-z0-9-])/g,
    reveal: 4,
    hints: ['xox'],
  },
  {
    id: 'slack-webhook',
    title: 'Slack incoming webhook URL',
    basis: '@secretlint/secretlint-rule-slack (IncomingWebhook)',
    confidence: 'high',
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9]{6,40}\/B[A-Za-z0-9]{6,40}\/[A-Za-z0-9]{16,40}/g,
    reveal: 4,
    hints: ['hooks.slack.com'],
  },
  {
    id: 'google-api-key',
    title: 'Google API key',
    basis: 'ml-handover (AIza key format)',
    confidence: 'high',
    pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
    reveal: 4,
    hints: ['aiza'],
  },
  {
    id: 'databricks-token',
    title: 'Databricks personal access token',
    basis: '@secretlint/secretlint-rule-databricks',
    confidence: 'high',
    pattern: /(?<![A-Za-z0-9])dapi[0-9a-f]{32}(?:-\d)?(?![A-Za-z0-9])/g,
    reveal: 4,
    hints: ['dapi'],
  },
  {
    id: 'npm-token',
    title: 'npm access token',
    basis: '@secretlint/secretlint-rule-npm',
    confidence: 'high',
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
    reveal: 4,
    hints: ['npm_'],
  },
  {
    id: 'connection-string-password',
    title: 'password in a database or broker connection string',
    basis: '@secretlint/secretlint-rule-database-connection-string',
    confidence: 'high',
    pattern: /\b(?:postgres(?:ql)?|mysql[x]?|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|snowflake|clickhouse|cockroachdb)(?:\+[a-z0-9]{1,20})?:\/\/[^:@/\s'"]{1,100}:([^@/\s'"]{1,200})@[^\s'"/]{1,200}/gi,
    group: 1,
    reveal: 0,
    hints: ['://'],
    accept: plausiblePassword,
  },
  {
    id: 'url-basic-auth',
    title: 'password in a URL (basic authentication)',
    basis: '@secretlint/secretlint-rule-basicauth',
    confidence: 'high',
    pattern: /\b(?:https?|ftp|sftp|git\+https?):\/\/[A-Za-z0-9._~%-]{1,100}:([^@/\s'"]{1,200})@[A-Za-z0-9.-]{1,253}/gi,
    group: 1,
    reveal: 0,
    hints: ['://'],
    accept: plausiblePassword,
  },
];

/**
 * The cautious generic rule, kept apart because it needs the key and the quoting: `password = "…"`,
 * `API_TOKEN: …` in config files. It only reports values that look random (entropy, mixed characters).
 */
export const GENERIC_SECRET_RULE = {
  id: 'generic-secret-assignment',
  title: 'random-looking value assigned to a password/secret/token key',
  basis: 'ml-handover (modelled on secretlint-rule-pattern and gitleaks generic-api-key, with stricter filters)',
  confidence: 'cautious' as const,
  // key, optional closing quote, an assignment, then a quoted literal (\2 the quote) or a bare word.
  pattern: /([A-Za-z_][A-Za-z0-9_.-]{0,60})\\?['"]?\s{0,5}(?::=|=>|=|:)\s{0,5}(?:\\?(['"])([^'"\s\\]{8,300})\\?\2|([^\s'"`,;#(){}[\]<>]{8,300}))/g,
  reveal: 0,
  hints: ['pass', 'pwd', 'secret', 'token', 'key', 'credential'],
  accept: plausibleAssignedSecret,
};
