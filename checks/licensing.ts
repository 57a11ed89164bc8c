// licensing: may the buyer use what was delivered? The code's own licence must be stated and identifiable,
// and every pretrained model and external dataset it builds on must come with its licence and source.
import { defineCheck, findingFrom, unit, type Evidence, type Finding } from '../src/check.js';
import { sameLicense } from '../src/formats/license-text.js';
import { collectLicensing, type LicensingFacts } from '../src/licensing/collect.js';

const MAX_COMPONENT_FINDINGS = 50;

const check = defineCheck({
  id: 'licensing',
  title: 'Licensing and provenance',
  rationale:
    'Buyers\' contracts demand to know under which terms the delivered code can be used, and whether the pretrained models and external datasets inside it may be used commercially. An undocumented base model or dataset is an IP risk the buyer inherits.',
  defaultWeight: 2,
  criteria: [
    { id: 'declared', title: 'Licence of the delivered code present and identifiable', weight: 4, description: 'A LICENSE/COPYING file whose text (or SPDX tag, or standard header) identifies one licence, with no template slots left.' },
    { id: 'consistent', title: 'Package metadata agrees with the licence file', weight: 1, description: 'pyproject.toml / package.json / setup.cfg name the same licence as the file. With a licence file and no metadata naming a licence there is nothing to compare: the criterion leaves the weight.' },
    {
      id: 'third-party',
      title: 'Third-party models and datasets have licence and provenance',
      weight: 4,
      description: 'Every pretrained model and external dataset the code or cards use is named, with its licence, in a NOTICE / third-party file, model card or dataset card. With none used, a substantive NOTICE or third-party file earns full marks and its absence nothing.',
    },
  ],
  findings: {
    'no-license': { severity: 'error', title: 'No licence', criterion: 'declared', remediation: 'Add a LICENSE file at the repository root with the licence agreed in the contract (e.g. the full MIT or Apache-2.0 text, or a proprietary notice assigning the rights to the buyer), and set `license` in pyproject.toml.' },
    'license-unidentified': { severity: 'warning', title: 'Licence text not identifiable', criterion: 'declared', remediation: 'Use the unmodified standard text of the licence, or add an `SPDX-License-Identifier:` line, so the licence can be identified without a lawyer.' },
    'license-template': { severity: 'warning', title: 'Licence template slots left unfilled', criterion: 'declared', remediation: 'Fill in the copyright year and holder in the licence file.' },
    'license-file-missing': { severity: 'warning', title: 'Licence declared in metadata only', criterion: 'declared', remediation: 'Commit the full licence text as LICENSE: most licences require it to travel with the code.' },
    'license-mismatch': { severity: 'warning', title: 'Metadata and licence file disagree', criterion: 'consistent', remediation: 'Make the package metadata (`license` in pyproject.toml / package.json) name the licence the LICENSE file contains.' },
    'model-provenance-missing': { severity: 'error', title: 'Pretrained model without documented licence and source', criterion: 'third-party', remediation: 'Name the model (hub id and revision), its source and its licence in NOTICE / THIRD_PARTY_LICENSES.md or the model card (`base_model:` with `license:`), and confirm the licence permits the buyer\'s use.' },
    'dataset-provenance-missing': { severity: 'error', title: 'External dataset without documented licence and source', criterion: 'third-party', remediation: 'Name the dataset, where it came from and its licence (and any usage restrictions) in NOTICE / THIRD_PARTY_LICENSES.md or a dataset card.' },
    'dataset-license-missing': { severity: 'warning', title: 'Dataset descriptor without a licence', criterion: 'third-party', remediation: 'Fill the licence field: `licenses` in datapackage.json, `license` in Croissant metadata or the dataset card front matter.' },
    'no-third-party-notice': { severity: 'warning', title: 'No third-party notice', criterion: 'third-party', remediation: 'Add NOTICE or THIRD_PARTY_LICENSES.md listing the libraries, models and data the delivery depends on with their licences (pip-licenses can generate the library part), and where the training data comes from.' },
    'manifest-problem': { severity: 'warning', title: 'Licence metadata problem', criterion: 'consistent', remediation: 'Fix the manifest or card so it points at files that exist and parses cleanly.' },
  },
  scale: {
    high: 'A standard licence file naming the rights holder, metadata that agrees, and every pretrained model and external dataset listed with its licence and source.',
    low: 'No licence anywhere, and models or datasets pulled from the internet with nothing saying under which terms.',
  },
  locationsUnused: 'it finds licence files, notices and dependency manifests by their names anywhere in the tree.',
  recognises: [
    'LICENSE / LICENCE / COPYING / UNLICENSE at the root: MIT, MIT-0, Apache-2.0, BSD-2/3-Clause, ISC, GPL/LGPL/AGPL, MPL-2.0, EPL-2.0, BSL-1.0, Unlicense, CC0, CC-BY(-SA/-NC), proprietary notices, SPDX-License-Identifier tags and standard headers',
    'licence metadata: pyproject.toml (PEP 621/639 `license`, classifiers, Poetry), package.json, setup.cfg, setup.py, R DESCRIPTION',
    'NOTICE, THIRD_PARTY_LICENSES / THIRD-PARTY-NOTICES, ATTRIBUTION, CREDITS, docs about licences, provenance or data sources',
    'model cards (`base_model`, `datasets`, `license`), dataset cards and datasheets, datapackage.json `licenses`, Croissant `license`',
    'pretrained models and datasets in code and notebooks: from_pretrained, hf_hub_download, snapshot_download, pipeline(model=…), SentenceTransformer, timm, torch.hub, torchvision weights, load_dataset, fetch_openml, tfds.load, Kaggle downloads, `dvc import`',
  ],
  async run(snapshot) {
    const facts = await collectLicensing(snapshot);
    const evidence: Evidence[] = [];
    const findings: Finding[] = [];
    const declared = judgeDeclared(facts, evidence, findings);
    const consistent = judgeConsistency(facts, evidence, findings);
    // A licence file and no metadata naming a licence: nothing to compare, so the criterion leaves the weight.
    const notApplicable = consistent === null ? [{ criterion: 'consistent', reason: 'no package metadata names a licence to compare with the licence file' }] : [];
    const thirdParty = judgeThirdParty(facts, evidence, findings);
    const licence = facts.licenseFiles.find((file) => file.spdx)?.spdx ?? facts.declared.find((entry) => entry.spdx)?.spdx ?? null;
    const undocumented = facts.components.filter((component) => !component.documentedIn).length;
    const summary = `${licence ? `Licensed ${licence}` : 'No identifiable licence'}; ${facts.components.length} third-party model(s)/dataset(s) referenced, ${undocumented} without documented licence and source.`;
    return { status: 'judged', criteria: { declared: unit(declared), consistent: unit(consistent ?? 0), 'third-party': unit(thirdParty) }, evidence, findings, summary, notApplicable };
  },
});

export default check;

function judgeDeclared(facts: LicensingFacts, evidence: Evidence[], findings: Finding[]): number {
  let best = 0;
  for (const file of facts.licenseFiles) {
    evidence.push({
      path: file.path,
      kind: 'license',
      note: `${file.spdx ?? 'unidentified'}${file.basis !== 'none' ? ` (${file.basis})` : ''}${file.copyright ? `; copyright ${file.copyright}` : ''}; ${file.words} words`,
    });
    let value: number;
    if (!file.spdx || file.words < 5) {
      value = 0.5;
      findings.push(findingFrom(check, 'license-unidentified', `${file.path} does not match any standard licence text or carry an SPDX identifier.`, { path: file.path, line: 1 }));
    } else value = 1;
    for (const placeholder of file.placeholders.slice(0, 3)) {
      findings.push(findingFrom(check, 'license-template', `Unfilled template text: "${placeholder.text}".`, { path: file.path, line: placeholder.line }));
    }
    if (file.placeholders.length > 0) value = Math.min(value, 0.7);
    best = Math.max(best, value);
  }
  if (facts.licenseFiles.length === 0) {
    const declared = facts.declared.find((entry) => entry.spdx);
    if (declared) {
      findings.push(findingFrom(check, 'license-file-missing', `${declared.path} declares ${declared.spdx}, but there is no LICENSE file with its text.`, { path: declared.path, line: declared.line }));
      best = 0.6;
    } else {
      findings.push(findingFrom(check, 'no-license', 'No LICENSE, LICENCE or COPYING file at the root and no licence in the package metadata: the buyer\'s right to use the code is not stated.'));
    }
  }
  return best;
}

/** null when a licence file exists and no metadata names a licence: nothing to compare. */
function judgeConsistency(facts: LicensingFacts, evidence: Evidence[], findings: Finding[]): number | null {
  for (const entry of facts.declared) evidence.push({ path: entry.path, line: entry.line, kind: 'license-metadata', note: `${entry.written.slice(0, 80)}${entry.spdx && entry.spdx !== entry.written ? ` (${entry.spdx})` : ''}` });
  for (const problem of facts.problems) findings.push(findingFrom(check, 'manifest-problem', problem.message, { path: problem.path, line: problem.line }));
  const fileLicence = facts.licenseFiles.find((file) => file.spdx)?.spdx ?? null;
  if (!fileLicence) return facts.declared.some((entry) => entry.spdx) ? 0.5 : 0;
  if (!facts.declared.some((entry) => entry.spdx) && facts.problems.length === 0) return null;
  let value = 1;
  for (const entry of facts.declared) {
    if (!entry.spdx) continue;
    if (!sameLicense(entry.spdx, fileLicence) && !entry.spdx.split(/ (?:AND|OR) /).some((part) => sameLicense(part, fileLicence))) {
      value = 0.3;
      findings.push(findingFrom(check, 'license-mismatch', `${entry.path} says ${entry.written.slice(0, 80)}, the licence file is ${fileLicence}.`, { path: entry.path, line: entry.line }));
    }
  }
  return facts.problems.length > 0 ? Math.min(value, 0.7) : value;
}

function judgeThirdParty(facts: LicensingFacts, evidence: Evidence[], findings: Finding[]): number {
  for (const document of facts.documents.filter((doc) => doc.kind !== 'provenance-doc' || doc.licenseLines.length > 0)) {
    evidence.push({ path: document.path, kind: document.kind, note: `${document.licenseLines.length} line(s) mentioning a licence` });
  }
  let listed = 0;
  for (const component of facts.components) {
    evidence.push({
      path: component.path,
      line: component.line,
      kind: `third-party-${component.kind}`,
      note: `${component.id.slice(0, 120)} via ${component.via}; ${component.documentedIn ? `documented in ${component.documentedIn.path}${component.documentedIn.line ? `:${component.documentedIn.line}` : ''}` : 'licence and source not documented'}`,
    });
    if (component.documentedIn || ++listed > MAX_COMPONENT_FINDINGS) continue;
    findings.push(
      findingFrom(
        check,
        component.kind === 'model' ? 'model-provenance-missing' : 'dataset-provenance-missing',
        `${component.kind === 'model' ? 'Pretrained model' : 'External dataset'} ${component.id.slice(0, 120)} (${component.via}) is not named with its licence in any NOTICE, third-party file, model card or dataset card.`,
        { path: component.path, line: component.line },
      ),
    );
  }
  let descriptorPenalty = 1;
  for (const descriptor of facts.descriptors) {
    evidence.push({ path: descriptor.path, kind: `${descriptor.kind}-license`, note: descriptor.licenses.length ? descriptor.licenses.join(', ').slice(0, 120) : 'no licence' });
    if (descriptor.licenses.length === 0 && descriptor.kind !== 'model-card') {
      descriptorPenalty = 0.85;
      findings.push(findingFrom(check, 'dataset-license-missing', `${descriptor.path} describes data but states no licence.`, { path: descriptor.path }));
    }
  }
  const notice = facts.documents.some((document) => document.kind === 'notice' && document.licenseLines.length > 0 && document.lines.join('\n').trim().length >= 40);
  if (facts.components.length > 0) {
    const documented = facts.components.filter((component) => component.documentedIn).length;
    return (documented / facts.components.length) * descriptorPenalty;
  }
  if (notice) return descriptorPenalty;
  // Nothing examined earns nothing: no component to attribute and no notice is not a provenance record.
  findings.push(findingFrom(check, 'no-third-party-notice', 'No NOTICE or third-party licence file lists what the delivery depends on (libraries, data sources, models).'));
  return 0;
}
