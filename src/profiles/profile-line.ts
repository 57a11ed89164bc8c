// The one line every report shows near the score: what kind of system the delivery was judged as, on whose
// word, with what the scan saw, and what the vendor's handover.yml declares. Reporters pass their own escaping:
// paths and dependency names come from the repository.
import type { Report } from '../report/report.js';
import { PROFILE_NAMES, RUN_RECORD_WHY, type SystemProfile } from './system-profile.js';

/** How a format makes repository text inert: `path` for file paths, `text` for other repository words. */
export interface ProfileLineEscaping {
  path: (path: string) => string;
  text: (text: string) => string;
}

type ReportProfiles = NonNullable<Report['profiles']>;

const EVIDENCE_PER_PROFILE = 2;
const EVIDENCE_SHOWN = 4;

/** `Judged as: LLM application (detected: anthropic in pyproject.toml, prompts/answer.j2)`; null for reports made before profiles. */
export function profileLine(profiles: Report['profiles'], escape: ProfileLineEscaping): string | null {
  const statement = profileStatement(profiles, escape);
  return statement === null ? null : `Judged as: ${statement}`;
}

/** The line without its label, for a table cell: `LLM application (detected: …)`. */
export function profileStatement(profiles: Report['profiles'], escape: ProfileLineEscaping): string | null {
  if (!profiles) return null;
  const judged = names(profiles.judged);
  let basis: string;
  if (profiles.source === 'policy') {
    const differs = !sameSet(profiles.judged, profiles.detected);
    const seen = profiles.detected.length ? `${names(profiles.detected)}: ${evidenceOf(profiles, profiles.detected, escape)}` : 'nothing that shows a profile';
    basis = `the buyer's policy${differs ? `; the scan detected ${seen}` : ''}`;
  } else if (profiles.source === 'detected') {
    basis = `detected: ${evidenceOf(profiles, profiles.judged, escape)}`;
  } else {
    basis = `nothing shows what kind of system this is, so the full checklist of a ${PROFILE_NAMES['trained-model']} applies`;
  }
  const declared = profiles.declared ? ` · ${escape.path(profiles.declared.path)} declares: ${names(profiles.declared.profiles)} (the vendor's word, reported, not used)` : '';
  return `${judged} (${basis})${declared}`;
}

/** The sightings as a reader scans them: `anthropic in pyproject.toml` for a dependency, `mlruns/ (recorded runs)` for a run store, else the path. */
function evidenceOf(profiles: ReportProfiles, shown: readonly SystemProfile[], escape: ProfileLineEscaping): string {
  const groups: string[] = [];
  let listed = 0;
  let left = 0;
  for (const profile of shown) {
    const sightings = profiles.evidence.filter((sighting) => sighting.profile === profile);
    const onePerPlace = sightings.filter((sighting, index) => sightings.findIndex((other) => placeOf(other) === placeOf(sighting)) === index);
    const showing = onePerPlace.slice(0, Math.max(0, Math.min(EVIDENCE_PER_PROFILE, EVIDENCE_SHOWN - listed)));
    listed += showing.length;
    left += onePerPlace.length - showing.length;
    if (showing.length) groups.push(showing.map((sighting) => label(sighting, escape)).join(', '));
  }
  return (groups.join('; ') || 'no evidence listed') + (left ? ` and ${left} more` : '');
}

/** Runs of one store are one place (`mlruns/`), not one path per run. */
function placeOf(sighting: ReportProfiles['evidence'][number]): string {
  const store = sighting.why === RUN_RECORD_WHY ? /^(.{0,200}?(?:mlruns|wandb|dvclive)\/)/.exec(sighting.path) : null;
  return store ? store[1] : sighting.path;
}

function label(sighting: ReportProfiles['evidence'][number], escape: ProfileLineEscaping): string {
  const dependency = /^(\S{1,100}) declared \(/.exec(sighting.why);
  if (dependency) return `${escape.text(dependency[1])} in ${escape.path(sighting.path)}`;
  const place = placeOf(sighting);
  return place === sighting.path ? escape.path(place) : `${escape.path(place)} (recorded runs)`;
}

function names(profiles: readonly SystemProfile[]): string {
  return profiles.map((profile) => PROFILE_NAMES[profile]).join(' + ') || 'none';
}

function sameSet(a: readonly SystemProfile[], b: readonly SystemProfile[]): boolean {
  return a.length === b.length && a.every((profile) => b.includes(profile));
}
