// Reads the buyer's engagement list (YAML or JSON), validates it against schemas/engagements.schema.json
// and names the file, line and column of the first problem. Policy paths are relative to the list.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import engagementsSchema from '../../schemas/engagements.schema.json' with { type: 'json' };
import { parseYaml } from '../formats/yaml.js';
import { locateYamlPath } from '../formats/yaml-locate.js';
import type { SystemProfile } from '../profiles/system-profile.js';
import { compileSchema } from '../schemas.js';
import type { Engagement } from './record.js';
import { LocatedFileError } from '../located-error.js';

export class EngagementListError extends LocatedFileError {}

interface EngagementFile {
  version?: 1;
  defaults?: { policy?: string; milestone?: string; profiles?: SystemProfile[]; owner?: string };
  engagements: Array<{ name: string; target: string; ref?: string; policy?: string; milestone?: string; profiles?: SystemProfile[]; owner?: string }>;
}

const validate = compileSchema<EngagementFile>(engagementsSchema);
const MAX_BYTES = 1024 * 1024;

export function loadEngagementList(file: string): Engagement[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EngagementListError(`cannot read engagement list (${(error as NodeJS.ErrnoException).code ?? error})`, file);
  }
  return parseEngagementList(text, file);
}

export function parseEngagementList(text: string, file: string): Engagement[] {
  if (text.length > MAX_BYTES) throw new EngagementListError('engagement list larger than 1 MiB', file);
  const parsed = parseYaml(text);
  if (!parsed.ok) throw new EngagementListError(`not valid YAML/JSON: ${parsed.error.message}`, file, parsed.error.line, parsed.error.column);
  const result = validate(parsed.value ?? {});
  if (!result.ok) {
    const at = locateYamlPath(text, result.error.path, result.error.atKey);
    throw new EngagementListError(result.error.message, file, at?.line, at?.column);
  }
  const list = result.value;
  const seen = new Map<string, number>();
  list.engagements.forEach((entry, index) => {
    const earlier = seen.get(entry.name);
    if (earlier !== undefined) {
      const at = locateYamlPath(text, ['engagements', index, 'name']);
      throw new EngagementListError(`engagements.${index}.name: "${entry.name}" is also engagement ${earlier}; names must be unique (audits are compared by name)`, file, at?.line, at?.column);
    }
    seen.set(entry.name, index);
  });
  const base = path.dirname(path.resolve(file));
  return list.engagements.map((entry) => {
    const policy = entry.policy ?? list.defaults?.policy;
    const milestone = entry.milestone ?? list.defaults?.milestone;
    const owner = entry.owner ?? list.defaults?.owner;
    const profiles = entry.profiles ?? list.defaults?.profiles;
    return {
      name: entry.name,
      target: resolveTarget(entry.target, base),
      ...(entry.ref ? { ref: entry.ref } : {}),
      ...(policy ? { policy: path.resolve(base, policy) } : {}),
      ...(milestone ? { milestone } : {}),
      ...(profiles ? { profiles: [...profiles] } : {}),
      ...(owner ? { owner } : {}),
    };
  });
}

/** Relative folder targets are relative to the list, like policies; URLs and github: targets are left alone. */
function resolveTarget(target: string, base: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target) || /^[^/\\@]*@[^/\\]+:/.test(target) || path.isAbsolute(target)) return target;
  return path.resolve(base, target);
}
