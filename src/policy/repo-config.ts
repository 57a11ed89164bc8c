// The vendor's own `.ml-handover.yml` inside the scanned repository. It may say where artifacts live
// (extra locations) and nothing else: weights, thresholds, requirements and milestones are the buyer's.
import type { Snapshot } from '../snapshot/snapshot.js';
import { parseYamlMapping } from '../formats/yaml.js';
import { describeFormatError } from '../formats/result.js';

export const REPO_CONFIG_FILES = ['.ml-handover.yml', '.ml-handover.yaml', '.ml-handover.json'];

export interface RepoConfig {
  file: string | null;
  /** Extra artifact globs per check id. */
  locations: Record<string, string[]>;
  /** Settings the repository tried to make that were ignored, for the report. */
  ignored: string[];
}

export async function readRepoConfig(snapshot: Snapshot, knownChecks: ReadonlySet<string>): Promise<RepoConfig> {
  const file = REPO_CONFIG_FILES.find((name) => snapshot.has(name)) ?? null;
  const config: RepoConfig = { file, locations: {}, ignored: [] };
  if (!file) return config;
  const read = await snapshot.readText(file, { maxBytes: 256 * 1024 });
  if (!read.ok) {
    config.ignored.push(`${file}: not read (${read.reason})`);
    return config;
  }
  const result = parseYamlMapping(read.text);
  if (!result.ok) {
    snapshot.addError({ path: file, message: `repository config not parsed: ${describeFormatError(result.error)}` });
    return config;
  }
  for (const [key, value] of Object.entries(result.value)) {
    if (key === 'locations' && isRecord(value)) {
      for (const [checkId, globs] of Object.entries(value)) addLocations(config, file, checkId, globs, knownChecks);
    } else if (key === 'checks' && isRecord(value)) {
      for (const [checkId, settings] of Object.entries(value)) {
        if (!isRecord(settings)) continue;
        for (const [setting, settingValue] of Object.entries(settings)) {
          if (setting === 'locations') addLocations(config, file, checkId, settingValue, knownChecks);
          else config.ignored.push(`${file}: checks.${checkId}.${setting} ignored (only the buyer's policy can set it)`);
        }
      }
    } else if (key === 'deadline') {
      // A vendor must not lengthen the buyer's CI job, nor shorten the scan to cut out the slow checks.
      config.ignored.push(`${file}: deadline ignored: the scan's time budget is the buyer's (policy or --deadline)`);
    } else if (key === 'waivers') {
      config.ignored.push(`${file}: waivers ignored: waivers are the buyer's alone and only count in the buyer's policy`);
    } else {
      config.ignored.push(`${file}: "${key}" ignored (a repository config may only add artifact locations)`);
    }
  }
  return config;
}

function addLocations(config: RepoConfig, file: string, checkId: string, globs: unknown, knownChecks: ReadonlySet<string>) {
  if (!knownChecks.has(checkId)) {
    config.ignored.push(`${file}: locations for unknown check "${checkId}" ignored`);
    return;
  }
  const list = Array.isArray(globs) ? globs : [globs];
  for (const glob of list) {
    if (typeof glob !== 'string' || glob.length === 0 || glob.length > 500) continue;
    (config.locations[checkId] ??= []).push(glob);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
