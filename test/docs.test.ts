// The reference docs are generated from the check declarations; this test fails when they are stale.
// Regenerate with: UPDATE_DOCS=1 npx vitest run test/docs.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { checksReference, checksTable, milestoneTable, profilesTable, replaceBetweenMarkers } from '../src/cli/docs.js';

const update = process.env.UPDATE_DOCS === '1';

describe('generated documentation', () => {
  it('docs/checks.md matches the check declarations', () => {
    const expected = checksReference(CHECKS);
    if (update) writeFileSync('docs/checks.md', expected);
    expect(readFileSync('docs/checks.md', 'utf8')).toBe(expected);
  });

  it("the README's milestone, check and system profile tables match the presets and the checks", () => {
    const readme = readFileSync('README.md', 'utf8');
    const tables = replaceBetweenMarkers(replaceBetweenMarkers(readme, 'milestones', milestoneTable()), 'checks', checksTable(CHECKS));
    const expected = replaceBetweenMarkers(tables, 'profiles', profilesTable(CHECKS));
    if (update) writeFileSync('README.md', expected);
    expect(readFileSync('README.md', 'utf8')).toBe(expected);
  });
});
