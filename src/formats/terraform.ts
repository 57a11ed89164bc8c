// Terraform / OpenTofu configuration (`*.tf`, `*.tofu`) and variable files (`*.tfvars`) read as text with a
// bounded line scan, never run: providers, the state backend (`backend "s3"`, `cloud { workspaces … }`),
// resources and modules by type, whether `terraform.workspace` selects per-environment settings, and in a
// tfvars file the environment it sets (`environment = "production"`). Block syntax from the Terraform language
// docs (terraform block, backend, cloud, provider, resource, module). Pure: text in, facts out.

export interface TerraformBlock {
  type: string;
  name: string;
  line: number;
}

export interface TerraformFacts {
  providers: TerraformBlock[];
  resources: TerraformBlock[];
  modules: Array<TerraformBlock & { source: string | null }>;
  /** `backend "<type>"` in a terraform block. */
  backend: { type: string; line: number } | null;
  /** HCP Terraform / Terraform Enterprise `cloud { workspaces { name | tags | project } }`. */
  cloud: { line: number; workspaces: string[] } | null;
  /** `terraform.workspace` is referenced, or the s3 backend keys state by workspace. */
  usesWorkspaces: boolean;
  variables: number;
}

export interface TfvarsFacts {
  /** Values of `environment`/`env`/`stage`/`workspace`-like keys, with their lines. */
  environments: Array<{ name: string; line: number }>;
  keys: number;
}

const MAX_LINES = 50_000;
const MAX_LINE_LENGTH = 4000;

export function scanTerraform(text: string): TerraformFacts {
  const facts: TerraformFacts = { providers: [], resources: [], modules: [], backend: null, cloud: null, usesWorkspaces: false, variables: 0 };
  const lines = text.split('\n');
  let inCloud = -1;
  let cloudDepth = 0;
  let pendingModule: (TerraformBlock & { source: string | null }) | null = null;
  let inComment = false;
  for (let i = 0; i < lines.length && i < MAX_LINES; i++) {
    let line = lines[i].length > MAX_LINE_LENGTH ? lines[i].slice(0, MAX_LINE_LENGTH) : lines[i];
    if (inComment) {
      const end = line.indexOf('*/');
      if (end === -1) continue;
      line = line.slice(end + 2);
      inComment = false;
    }
    if (/^\s*(#|\/\/)/.test(line)) continue;
    const open = line.indexOf('/*');
    if (open !== -1 && line.indexOf('*/', open) === -1) {
      inComment = true;
      line = line.slice(0, open);
    }
    if (/\bterraform\.workspace\b|\bworkspace_key_prefix\b/.test(line)) facts.usesWorkspaces = true;
    let match: RegExpExecArray | null;
    if ((match = /^\s*provider\s+"([\w-]{1,100})"/.exec(line))) facts.providers.push({ type: 'provider', name: match[1], line: i + 1 });
    else if ((match = /^\s*resource\s+"([\w-]{1,120})"\s+"([\w-]{1,120})"/.exec(line))) facts.resources.push({ type: match[1], name: match[2], line: i + 1 });
    else if ((match = /^\s*module\s+"([\w-]{1,120})"/.exec(line))) {
      pendingModule = { type: 'module', name: match[1], line: i + 1, source: null };
      facts.modules.push(pendingModule);
    } else if ((match = /^\s*backend\s+"([\w-]{1,60})"/.exec(line))) facts.backend = { type: match[1], line: i + 1 };
    else if (/^\s*cloud\s*\{/.test(line)) {
      facts.cloud = { line: i + 1, workspaces: [] };
      inCloud = i;
      cloudDepth = 0;
    } else if (/^\s*variable\s+"/.test(line)) facts.variables++;
    if (pendingModule && (match = /^\s*source\s*=\s*"([^"\n]{1,300})"/.exec(line))) {
      pendingModule.source = match[1];
      pendingModule = null;
    }
    if (inCloud !== -1 && facts.cloud) {
      for (const ch of line) cloudDepth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
      const name = /^\s*(name|prefix)\s*=\s*"([^"\n]{1,120})"/.exec(line);
      if (name && i > inCloud) facts.cloud.workspaces.push(name[2]);
      const tags = /^\s*tags\s*=\s*\[([^\]\n]{0,400})\]/.exec(line);
      if (tags) for (const tag of tags[1].matchAll(/"([^"\n]{1,80})"/g)) facts.cloud.workspaces.push(tag[1]);
      if (cloudDepth <= 0 && i > inCloud) inCloud = -1;
    }
  }
  if (facts.cloud && facts.cloud.workspaces.length > 0) facts.usesWorkspaces = true;
  return facts;
}

/** Keys that name the environment a variable file configures. */
const ENVIRONMENT_KEY = /^\s*"?(environment|env|env_name|environment_name|stage|deployment_environment|workspace|tier)"?\s*[=:]\s*"([^"\n]{1,80})"/i;

export function scanTfvars(text: string): TfvarsFacts {
  const facts: TfvarsFacts = { environments: [], keys: 0 };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < MAX_LINES; i++) {
    const line = lines[i].slice(0, MAX_LINE_LENGTH);
    if (/^\s*"?[\w-]+"?\s*[=:]/.test(line)) facts.keys++;
    const match = ENVIRONMENT_KEY.exec(line);
    if (match) facts.environments.push({ name: match[2], line: i + 1 });
  }
  return facts;
}

/** The cloud a provider or resource type belongs to (`aws_s3_bucket` -> aws). */
export function cloudOfType(type: string): 'aws' | 'google' | 'azure' | 'kubernetes' | 'helm' | 'vault' | null {
  const prefix = type.split('_')[0].toLowerCase();
  if (prefix === 'aws') return 'aws';
  if (prefix === 'google') return 'google';
  if (prefix === 'azurerm' || prefix === 'azuread' || prefix === 'azapi') return 'azure';
  if (prefix === 'kubernetes') return 'kubernetes';
  if (prefix === 'helm') return 'helm';
  if (prefix === 'vault') return 'vault';
  return null;
}
