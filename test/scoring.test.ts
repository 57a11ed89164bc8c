import { describe, expect, it } from 'vitest';
import { checkScore, evaluateGate, gradeFor, overallScore, statusFor } from '../src/scoring/score.js';

const criteria = [
  { id: 'a', title: 'A', weight: 3 },
  { id: 'b', title: 'B', weight: 1 },
];

describe('check score', () => {
  it('is the weighted mean of criterion values on 0-10, one decimal', () => {
    expect(checkScore(criteria, { a: 1, b: 1 })).toBe(10);
    expect(checkScore(criteria, { a: 1, b: 0 })).toBe(7.5);
    expect(checkScore(criteria, { a: 0.5, b: 0.25 })).toBe(4.4);
    expect(checkScore(criteria, {})).toBe(0);
  });

  it('clamps out-of-range and non-numbers to [0, 1]', () => {
    expect(checkScore(criteria, { a: 7, b: -3 })).toBe(7.5);
    expect(checkScore(criteria, { a: Number.NaN, b: 1 })).toBe(2.5);
  });

  it('maps scores to statuses around the pass score', () => {
    expect(statusFor(7, 7)).toBe('pass');
    expect(statusFor(6.9, 7)).toBe('warn');
    expect(statusFor(4, 7)).toBe('warn');
    expect(statusFor(3.9, 7)).toBe('fail');
    expect(statusFor(9, 9.5)).toBe('warn');
  });
});

describe('overall score and gate', () => {
  const checks = [
    { id: 'x', status: 'pass' as const, score: 10, weight: 2, required: true, passScore: 7 },
    { id: 'y', status: 'fail' as const, score: 1, weight: 1, required: false, passScore: 7 },
    { id: 'z', status: 'skip' as const, score: null, weight: 5, required: true, passScore: 7 },
  ];

  it('weights applicable checks and leaves skipped ones out', () => {
    expect(overallScore(checks)).toBe(70); // (2*10 + 1*1) / 3 * 10 = 70
    expect(overallScore([{ status: 'pass', score: 10, weight: 0 }])).toBe(0);
  });

  it('passes only when the score reaches the minimum and required checks pass', () => {
    expect(evaluateGate(70, checks, 70).reasons).toEqual([]);
    expect(evaluateGate(70, checks, 71).reasons).toEqual(['score 70 is below the minimum 71']);
    const failing = evaluateGate(70, [...checks, { id: 'w', status: 'warn', score: 6, required: true, passScore: 7 }], 50);
    expect(failing.failedRequired).toEqual(['w']);
    expect(failing.required).toEqual(['x', 'z', 'w']);
    expect(failing.reasons[0]).toMatch(/required check w is warn/);
  });

  it('never passes when nothing applied', () => {
    expect(evaluateGate(0, [{ id: 'z', status: 'skip', score: null, required: false, passScore: 7 }], 0).reasons).toEqual(['no check applied to this target']);
  });

  it('grades', () => {
    expect([95, 85, 70, 55, 10].map(gradeFor)).toEqual(['A', 'B', 'C', 'D', 'F']);
  });
});
