// handover-manifest: when the vendor ships a handover.yml, is every declaration in it true? It must follow
// its schema, every declared file, folder or glob must match something, owners must be reachable, and the
// acceptance criteria must be stated. Optional by design: without handover.yml the check does not apply.
import { defineCheck, findingFrom, type Evidence, type Finding } from '../src/check.js';
import { describeFormatError } from '../src/formats/result.js';
import { POST_SCAN_FINDINGS } from '../src/manifest/post-scan-findings.js';
import { locationProblem, matchesOf } from '../src/manifest/locations.js';
import { HANDOVER_MANIFEST_CHECK_ID, isPlaceholderText, type HandoverManifest, type LocationDeclaration, type OwnerDeclaration, type ThresholdDeclaration } from '../src/manifest/parse-manifest.js';
import { readHandoverManifest } from '../src/manifest/read-manifest.js';
import type { Snapshot } from '../src/snapshot/snapshot.js';

/** Template values left in the manifest discount its declarations; this many make it a draft worth nothing. */
const DRAFT_PLACEHOLDERS = 4;
const MAX_FINDINGS_PER_KIND = 25;
const CONTACT = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?:\/\/\S+|(?:^|\s)[#@][\w][\w.-]*|\+?\d[\d ().-]{6,}\d/;

const check = defineCheck({
  id: HANDOVER_MANIFEST_CHECK_ID,
  title: 'Handover manifest',
  rationale:
    'A handover.yml is the vendor’s own statement of where each artifact lives, what the model was accepted against and who answers for it. A statement nobody verifies is worse than none: every declaration must be true, and the owners must be reachable after the vendor leaves.',
  defaultWeight: 1,
  criteria: [
    { id: 'valid', title: 'The manifest follows its schema', weight: 1, description: 'handover.yml parses and validates against schemas/handover-manifest.schema.json (`ml-handover schema handover`).' },
    {
      id: 'declared',
      title: 'Every declared location exists',
      weight: 4,
      description: `Share of declared artifact paths, folders and globs (and the acceptance criteria file) that match at least one file; discounted while template text is left in the manifest (${DRAFT_PLACEHOLDERS} or more placeholders: nothing).`,
    },
    { id: 'owners', title: 'Owners are named with a contact', weight: 3, description: 'Share of owners with a real name and a contact (e-mail, chat channel or handle, phone, URL); no owners earns nothing.' },
    {
      id: 'acceptance',
      title: 'Acceptance criteria are declared',
      weight: 2,
      description: 'An evaluation criteria file that exists, or inline thresholds each naming metric, comparison, threshold and dataset; discounted like the locations while template text is left.',
    },
  ],
  findings: {
    unreadable: { severity: 'error', title: 'handover.yml could not be read', criterion: 'valid', remediation: 'Commit handover.yml as a regular UTF-8 text file under 256 KiB (not a symbolic link).' },
    unparsed: { severity: 'error', title: 'handover.yml is not valid YAML', criterion: 'valid', remediation: 'Fix the YAML syntax at the line given; nothing in the manifest counts until it parses.' },
    invalid: { severity: 'error', title: 'handover.yml does not follow its schema', criterion: 'valid', remediation: 'Fix the entry at the line given; the schema is published with ml-handover (`ml-handover schema handover`, docs/handover-manifest.md).' },
    'nothing-declared': { severity: 'warning', title: 'No artifact locations declared', criterion: 'declared', remediation: 'Under `artifacts:`, declare per check id where each artifact lives, e.g. `runbooks: docs/runbooks/` or `evaluation-criteria: [evaluation/criteria.yml]`.' },
    'location-missing': { severity: 'error', title: 'Declared location matches nothing', criterion: 'declared', remediation: 'Commit the artifact where the manifest says it is, or correct the path or glob in handover.yml.' },
    'location-refused': { severity: 'error', title: 'Declared location cannot be used', criterion: 'declared', remediation: 'Write the location as a path or simple glob relative to the repository root (no `..`, no absolute paths, no extended globs).' },
    'no-owners': { severity: 'error', title: 'No owners declared', criterion: 'owners', remediation: 'List who answers for the system after handover under `owners:`, each with name, role and contact, on the vendor and the buyer side.' },
    'owner-without-contact': { severity: 'warning', title: 'Owner cannot be reached', criterion: 'owners', remediation: 'Give each owner a real name and a contact: an e-mail address, a chat channel or handle, a phone number or a URL.' },
    'no-acceptance': { severity: 'warning', title: 'No acceptance criteria declared', criterion: 'acceptance', remediation: 'Point `acceptance.criteria` at the evaluation criteria file (evaluation/criteria.yml) or list `acceptance.thresholds` with metric, comparison, threshold and dataset.' },
    'acceptance-file-missing': { severity: 'error', title: 'Declared acceptance criteria file does not exist', criterion: 'acceptance', remediation: 'Commit the criteria file the manifest names, or correct `acceptance.criteria`.' },
    'threshold-incomplete': { severity: 'warning', title: 'Inline threshold lacks a metric, comparison, threshold or dataset', criterion: 'acceptance', remediation: 'Give each threshold its metric, comparison (">=", "<="), numeric threshold and the dataset (and split) it is measured on.' },
    placeholder: { severity: 'warning', title: 'Template text left in the manifest', remediation: 'Replace the placeholder with the real value (names, contacts, paths), or remove the entry.' },
    'milestone-differs': { severity: 'info', title: 'Declared milestone differs from the milestone gated', remediation: 'Nothing to fix for the gate: the buyer’s milestone decides. Update `milestone:` in handover.yml when the delivery reaches a new stage.' },
    // Added after the scan, when every result is known (src/manifest/declared-milestone.ts).
    ...POST_SCAN_FINDINGS,
  },
  scale: {
    high: 'handover.yml validates, every declared location and the acceptance criteria file exist, inline thresholds are complete, every owner has a contact, and no template text is left.',
    low: 'handover.yml does not parse or validate, its declarations point at nothing, or it is still the template (placeholders for owners and paths).',
  },
  recognises: [
    '`handover.yml` (or `handover.yaml`) at the repository root, version 1 (schema: `ml-handover schema handover`, docs/handover-manifest.md)',
    '`artifacts`: per check id, paths, folders or globs; each is added to that check’s locations and must match at least one file',
    '`acceptance`: `criteria` (the evaluation criteria file, added to evaluation-criteria’s locations) and/or inline `thresholds`',
    '`owners` (name, role, contact), `milestone` (reported next to what the scan shows, never trusted), `project`, `vendor`, `buyer`',
  ],
  async run(snapshot, context) {
    const read = await readHandoverManifest(snapshot);
    if (read.status === 'absent') return { status: 'skip', reason: 'no handover.yml' };
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const zero = { valid: 0, declared: 0, owners: 0, acceptance: 0 };
    if (read.status === 'unreadable') {
      findings.push(findingFrom(check, 'unreadable', `${read.file} was not read: ${read.reason}.`, { path: read.file }));
      return { status: 'judged', criteria: zero, evidence: [{ path: read.file, kind: 'handover-manifest', note: 'not read' }], findings, summary: `${read.file} could not be read.` };
    }
    if (read.status === 'unparsed') {
      findings.push(findingFrom(check, 'unparsed', `${describeFormatError(read.error)}.`, { path: read.file, line: read.error.line ?? 1 }));
      return { status: 'judged', criteria: zero, evidence: [{ path: read.file, line: read.error.line ?? 1, kind: 'handover-manifest', note: 'not parsed' }], findings, summary: `${read.file} does not parse.` };
    }

    const { file, manifest } = read;
    for (const issue of manifest.issues.slice(0, MAX_FINDINGS_PER_KIND)) {
      findings.push(findingFrom(check, 'invalid', `${issue.line !== undefined ? `line ${issue.line}:${issue.column ?? 1}: ` : ''}${issue.message}.`, { path: file, ...(issue.line !== undefined ? { line: issue.line } : {}) }));
    }
    for (const placeholder of manifest.placeholders.slice(0, MAX_FINDINGS_PER_KIND)) {
      findings.push(findingFrom(check, 'placeholder', `${placeholder.field} still holds template text "${placeholder.text}".`, { path: file, line: placeholder.line }));
    }
    const draft = Math.max(0, 1 - manifest.placeholders.length / DRAFT_PLACEHOLDERS);
    const declared = judgeLocations(snapshot, file, manifest, evidence, findings);
    const owners = judgeOwners(file, manifest.owners, evidence, findings);
    const acceptance = judgeAcceptance(snapshot, file, manifest, evidence, findings);
    reportMilestone(file, manifest, context.milestone, evidence, findings);

    evidence.unshift({
      path: file,
      line: 1,
      kind: 'handover-manifest',
      note: [
        manifest.issues.length ? `${manifest.issues.length} schema problem(s)` : 'valid',
        `${manifest.locations.length} declared location(s), ${declared.resolved} found`,
        `${manifest.owners.length} owner(s)`,
        manifest.milestone ? `declares ${manifest.milestone.id}` : 'no milestone declared',
        ...(manifest.placeholders.length ? [`${manifest.placeholders.length} placeholder(s)`] : []),
      ].join(' · '),
    });
    return {
      status: 'judged',
      criteria: { valid: manifest.issues.length === 0 ? 1 : 0, declared: declared.share * draft, owners, acceptance: acceptance * draft },
      evidence,
      findings,
      summary:
        `${file}: ${declared.resolved} of ${manifest.locations.length} declared location(s) exist, ` +
        `${manifest.owners.filter(reachable).length} of ${manifest.owners.length} owner(s) reachable` +
        `${manifest.issues.length ? `, ${manifest.issues.length} schema problem(s)` : ''}${manifest.placeholders.length ? `, ${manifest.placeholders.length} placeholder(s) left` : ''}.`,
    };
  },
});

export default check;

function judgeLocations(snapshot: Snapshot, file: string, manifest: HandoverManifest, evidence: Evidence[], findings: Finding[]): { share: number; resolved: number } {
  if (manifest.locations.length === 0) {
    findings.push(findingFrom(check, 'nothing-declared', `${file} declares no artifact locations.`, { path: file, line: 1 }));
    return { share: 0, resolved: 0 };
  }
  let resolved = 0;
  let reported = 0;
  for (const declaration of manifest.locations) {
    const problem = locationProblem(declaration.pattern);
    const matches = problem || isPlaceholderText(declaration.pattern) ? [] : matchesOf(snapshot, declaration.pattern);
    evidence.push(describeLocation(file, declaration, problem ? 'refused' : `${matches.length} file(s)`));
    if (matches.length > 0) {
      resolved++;
      continue;
    }
    if (reported++ >= MAX_FINDINGS_PER_KIND) continue;
    const at = { path: file, line: declaration.line };
    if (problem) findings.push(findingFrom(check, 'location-refused', `${declaration.field}: "${declaration.pattern}" is ${problem}.`, at));
    else if (declaration.field === 'acceptance.criteria') findings.push(findingFrom(check, 'acceptance-file-missing', `acceptance.criteria: ${declaration.pattern} is not in the repository.`, at));
    else findings.push(findingFrom(check, 'location-missing', `${declaration.field}: "${declaration.pattern}" matches no file in the repository.`, at));
  }
  return { share: resolved / manifest.locations.length, resolved };
}

function describeLocation(file: string, declaration: LocationDeclaration, outcome: string): Evidence {
  return { path: file, line: declaration.line, kind: 'declared-location', note: `${declaration.checkId}: ${declaration.pattern} → ${outcome}` };
}

function reachable(owner: OwnerDeclaration): boolean {
  return Boolean(owner.name && !isPlaceholderText(owner.name) && owner.contact && !isPlaceholderText(owner.contact) && CONTACT.test(owner.contact));
}

function judgeOwners(file: string, owners: readonly OwnerDeclaration[], evidence: Evidence[], findings: Finding[]): number {
  if (owners.length === 0) {
    findings.push(findingFrom(check, 'no-owners', `${file} names no owners.`, { path: file, line: 1 }));
    return 0;
  }
  for (const owner of owners) {
    const ok = reachable(owner);
    evidence.push({ path: file, line: owner.line, kind: 'owner', note: `${owner.name ?? 'unnamed'}${owner.role ? ` (${owner.role})` : ''}${ok ? '' : ': no usable contact'}` });
    if (ok) continue;
    const lacking = !owner.name || isPlaceholderText(owner.name) ? 'has no real name' : !owner.contact || isPlaceholderText(owner.contact) ? 'has no contact' : `has a contact that is no e-mail, handle, channel, phone or URL ("${owner.contact.slice(0, 60)}")`;
    findings.push(findingFrom(check, 'owner-without-contact', `Owner ${owner.name && !isPlaceholderText(owner.name) ? `"${owner.name}"` : `at line ${owner.line}`} ${lacking}.`, { path: file, line: owner.line }));
  }
  return owners.filter(reachable).length / owners.length;
}

function completeThreshold(threshold: ThresholdDeclaration): boolean {
  const texts = [threshold.metric, threshold.comparison, threshold.dataset];
  return texts.every((text) => text !== null && !isPlaceholderText(text)) && threshold.threshold !== null;
}

function judgeAcceptance(snapshot: Snapshot, file: string, manifest: HandoverManifest, evidence: Evidence[], findings: Finding[]): number {
  const acceptance = manifest.acceptance;
  if (!acceptance || (!acceptance.criteria && acceptance.thresholds.length === 0)) {
    findings.push(findingFrom(check, 'no-acceptance', `${file} declares no acceptance criteria.`, { path: file, line: 1 }));
    return 0;
  }
  const reference = acceptance.criteria;
  const referenceFound = reference !== null && !locationProblem(reference.pattern) && !isPlaceholderText(reference.pattern) && matchesOf(snapshot, reference.pattern).length > 0;
  for (const threshold of acceptance.thresholds) {
    const complete = completeThreshold(threshold);
    const bar = `${threshold.metric ?? '?'} ${threshold.comparison ?? '?'} ${threshold.threshold ?? '?'}${threshold.unit ? ` ${threshold.unit}` : ''}${threshold.dataset ? ` on ${threshold.dataset}${threshold.split ? ` (${threshold.split})` : ''}` : ''}`;
    evidence.push({ path: file, line: threshold.line, kind: 'declared-threshold', note: bar });
    if (!complete) findings.push(findingFrom(check, 'threshold-incomplete', `Threshold "${bar}" is incomplete.`, { path: file, line: threshold.line }));
  }
  const thresholds = acceptance.thresholds.length ? acceptance.thresholds.filter(completeThreshold).length / acceptance.thresholds.length : 0;
  // A missing reference was reported with the locations; inline thresholds alone can still carry the criterion.
  return Math.max(referenceFound ? 1 : 0, thresholds);
}

function reportMilestone(file: string, manifest: HandoverManifest, gated: string | null, evidence: Evidence[], findings: Finding[]): void {
  const declared = manifest.milestone;
  if (!declared) return;
  evidence.push({ path: file, line: declared.line, kind: 'declared-milestone', note: `declares the ${declared.id} milestone (reported, not trusted)` });
  if (gated && gated !== declared.id) {
    findings.push(findingFrom(check, 'milestone-differs', `${file} declares ${declared.id}; this scan gates ${gated}.`, { path: file, line: declared.line }));
  }
}
