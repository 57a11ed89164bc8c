// JSON parse errors: positioned, and never quoting the input (a data file's values must not reach a report).
import { describe, expect, it } from 'vitest';
import { describeFormatError } from '../src/formats/result.js';
import { parseJson } from '../src/formats/json.js';
import { scanDir, makeTree } from './helpers.js';

describe('parseJson errors', () => {
  it('name the line and column of the problem', () => {
    const result = parseJson('{\n  "a": 1,\n  "b" 2\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ line: 3 });
  });

  it('never quote the input, whatever V8 puts in its message', () => {
    for (const text of ['{"email": jane.doe@kestrel-mobile.example}', '[{"phone": "+1 555 0100"} "x"]', '{"ssn": "078-05-1120"', '{"a": 1} trailing-secret-value']) {
      const result = parseJson(text);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      const described = describeFormatError(result.error);
      expect(described).not.toMatch(/jane|kestrel|555|078-05|trailing-secret/);
    }
  });

  it('keeps data values out of the report errors of a scan', async () => {
    const report = await scanDir(makeTree({ 'wandb/run-20250101_000000-abc/files/wandb-metadata.json': '{"email": jane.doe@kestrel-mobile.example, "host": "laptop-jane"}' }));
    expect(JSON.stringify(report)).not.toContain('jane.doe@kestrel-mobile.example');
  });
});
