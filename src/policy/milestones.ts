// Built-in presets for staged transfer. Each stage requires what the previous did, and more, at a higher score.

export type MilestoneId = 'discovery' | 'pilot' | 'production' | 'handover';

export interface Milestone {
  id: MilestoneId;
  title: string;
  /** What the buyer is accepting at this stage. */
  purpose: string;
  minScore: number;
  required: readonly string[];
}

// Each stage adds what the buyer must be able to rely on from then on.
const discovery = ['decision-records'];
const pilot = [...discovery, 'experiment-tracking', 'dataset-versioning', 'evaluation-criteria', 'tests'];
const production = [
  ...pilot,
  'runbooks',
  'monitoring',
  'failure-modes',
  'model-card',
  'model-artifacts',
  'reproducibility',
  'secrets',
  'consistency',
  'infrastructure',
  'llm-system',
  'data-protection',
];
const handover = [...production, 'licensing', 'ownership', 'living-docs', 'handover-manifest'];

export const MILESTONES: Readonly<Record<MilestoneId, Milestone>> = {
  discovery: {
    id: 'discovery',
    title: 'Discovery',
    purpose: 'The problem, the approach and the first decisions are written down.',
    minScore: 30,
    required: discovery,
  },
  pilot: {
    id: 'pilot',
    title: 'Pilot',
    purpose: 'Experiments are tracked, data is versioned, acceptance criteria are set and the code is tested, so the pilot result can be reproduced and judged.',
    minScore: 50,
    required: pilot,
  },
  production: {
    id: 'production',
    title: 'Production hardening',
    purpose: 'The system can be operated: runbooks, monitoring, known failure modes, infrastructure in code, the approved model delivered and safe to load, artifacts that agree with each other, no secrets or personal data in the repository.',
    minScore: 70,
    required: production,
  },
  handover: {
    id: 'handover',
    title: 'Handover',
    purpose: 'The buyer can own the system without the vendor: everything above plus ownership, licensing and living documentation.',
    minScore: 80,
    required: handover,
  },
};

export const MILESTONE_IDS = Object.keys(MILESTONES) as MilestoneId[];

export function isMilestone(value: string): value is MilestoneId {
  return Object.prototype.hasOwnProperty.call(MILESTONES, value);
}
