// Holdout recall (#16): a fine-tuning delivery that keeps its experiment history as LLM-as-judge reviews per
// pair of model configurations (FastChat review JSONL, as in QLoRA's eval/ratings-gpt4/) is a weak experiment
// log. Generations alone, other JSONL named "-vs-", and files whose first line is no review are not.
import { describe, expect, it } from 'vitest';
import check from '../checks/experiment-tracking.js';
import { isJudgeReviewLine, isJudgeReviewName } from '../src/experiments/judge-reviews.js';
import { findingIds, runCheck } from './helpers.js';

const review = (i: number, score: unknown) =>
  JSON.stringify({ review_id: `r${i}`, question_id: i, answer1_id: `a${i}`, answer2_id: `b${i}`, reviewer_id: 1, metadata: {}, text: 'Assistant 1 was more detailed.', score });
const reviews = (score: (i: number) => unknown) => Array.from({ length: 5 }, (_, i) => review(i, score(i))).join('\n') + '\n';
const generation = JSON.stringify({ input: '### Human: How do I sort a list?', output: 'Use sorted().' }) + '\n';

const TRAINING = `from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, Seq2SeqTrainer

model = get_peft_model(AutoModelForCausalLM.from_pretrained(args.model_name_or_path), LoraConfig(r=64, lora_alpha=16))
trainer = Seq2SeqTrainer(model=model, args=training_args, train_dataset=train_dataset)
trainer.train()
trainer.save_model()
`;

const QLORA_LIKE = {
  'qlora.py': TRAINING,
  'requirements.txt': 'peft==0.4.0\ntransformers==4.31.0\nbitsandbytes==0.40.0\n',
  'README.md': '# QLoRA\nEfficient finetuning of quantized LLMs.\n',
  'eval/generations/oa/7b-guanaco-oa-generations-topp0.9-temp0.7.jsonl': generation,
  'eval/generations/oa/13b-guanaco-oa-generations-topp0.9-temp0.7.jsonl': generation,
  'eval/ratings-gpt4/oa/7b-guanaco-oa-generations-topp0.9-temp0.7-vs-13b-guanaco-oa-generations-topp0.9-temp0.7-gpt-4-reviewer-threeclass.jsonl': reviews((i) => i % 3),
  'eval/ratings-gpt4/oa/13b-guanaco-oa-generations-topp0.9-temp0.7-vs-gpt-4-oa-generations-gpt-4-reviewer-threeclass.jsonl': reviews(() => 1),
  'eval/ratings-gpt4/vicuna/relative-gpt-3.5/13b-flan-vicuna-generations-topp0.9-temp0.7-vs-gpt-3.5-gpt4-reviewer.jsonl': reviews((i) => [9, 6 + (i % 3)]),
};

describe('experiment-tracking: LLM-as-judge reviews per model pair', () => {
  it('recognises review files by name and by their first line', () => {
    expect(isJudgeReviewName('eval/ratings-gpt4/oa/7b-a-vs-13b-b-gpt-4-reviewer-threeclass.jsonl')).toBe(true);
    expect(isJudgeReviewName('eval/7b_a_vs_13b_b_review.jsonl')).toBe(true);
    expect(isJudgeReviewName('eval/generations/oa/7b-guanaco-oa-generations.jsonl')).toBe(false);
    expect(isJudgeReviewName('data/pairs-vs-baseline.jsonl')).toBe(false);
    expect(isJudgeReviewName('tests/a-vs-b-reviewer.jsonl')).toBe(false);
    expect(isJudgeReviewLine(review(1, [9, 6]))).toBe(true);
    expect(isJudgeReviewLine(review(1, 2))).toBe(true);
    expect(isJudgeReviewLine(review(1, 'tie'))).toBe(false);
    expect(isJudgeReviewLine('{"review_id": "r1", "text": "no answers compared", "score": 1}')).toBe(false);
    expect(isJudgeReviewLine('not json')).toBe(false);
  });

  it('a fine-tuning delivery with committed judge reviews is credited as a weak experiment log', async () => {
    const result = await runCheck(check, QLORA_LIKE);
    expect(result.score).toBeGreaterThanOrEqual(2);
    // Never a tracker's marks: no decisions, no commit, no selected model.
    expect(result.score).toBeLessThan(4);
    expect(findingIds(result)).toEqual(expect.arrayContaining(['no-tracking', 'results-only-in-files']));
    const reviewEvidence = result.evidence.filter((entry) => entry.kind === 'result-file');
    expect(reviewEvidence.map((entry) => entry.path).sort()).toEqual(Object.keys(QLORA_LIKE).filter((path) => path.includes('-vs-')).sort());
    expect(reviewEvidence[0].note).toContain('parameters recorded');
  });

  it('generations without reviews are no record of runs', async () => {
    const result = await runCheck(check, Object.fromEntries(Object.entries(QLORA_LIKE).filter(([path]) => !path.includes('-vs-'))));
    expect(result.score).toBe(0);
    expect(findingIds(result)).not.toContain('results-only-in-files');
  });

  it('a file named like a review whose first line is something else is not counted, nor is a malformed one', async () => {
    const result = await runCheck(check, {
      'qlora.py': TRAINING,
      'eval/a-vs-b-gpt-4-reviewer.jsonl': generation,
      'eval/c-vs-d-gpt-4-reviewer.jsonl': '{"review_id": "r1", "answer1_id": \n',
      'eval/e-vs-f-gpt-4-reviewer.jsonl': new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80]),
    } as Record<string, string | Uint8Array>);
    expect(result.score).toBe(0);
    expect(result.evidence.filter((entry) => entry.kind === 'result-file')).toEqual([]);
  });
});
