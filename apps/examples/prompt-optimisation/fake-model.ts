/**
 * The fake model and the reward of the "prompt arithmetic" demo:
 * a pure function of the rendered prompt, so the demo
 * runs offline and always ends the same way.
 *
 * @module
 */
import { type ArithmeticTask, OPERATORS, type Operator, solve } from './tasks';

/** What the fake model says when the prompt does not state a computation. */
export const CONFUSED_ANSWER = 'I cannot tell what to compute.';

/**
 * Answers a prompt like a (very literal) model would:
 * 1. it needs two integers and an operator word, else it is confused;
 * 2. `show your work` makes it explain (without the `###` wrapper);
 * 3. `###` in the prompt makes it answer `### <result> ###`;
 * 4. otherwise it hedges: `The answer might be <result>, I am not sure.`
 *
 * @param prompt - the rendered prompt
 */
export function fakeModel(prompt: string): string {
  const integers = [...prompt.matchAll(/-?\d+/g)].map((m) => Number(m[0]));
  const words = new RegExp(`\\b(${OPERATORS.join('|')})\\b`, 'i').exec(prompt);
  const [a, b] = integers;
  if (a === undefined || b === undefined || !words?.[1]) return CONFUSED_ANSWER;
  const op = words[1].toLowerCase() as Operator;
  const result = solve({ a, b, op });
  if (/show your work/i.test(prompt)) return `Work: ${a} ${op} ${b} gives ${result}`;
  if (prompt.includes('###')) return `### ${result} ###`;
  return `The answer might be ${result}, I am not sure.`;
}

/**
 * The reward of an answer: 1 for `### <correct> ###`, 0.5 when the correct
 * value appears anywhere as a number, else 0.
 *
 * @param answer - the model's answer
 * @param task - the task it answers
 */
export function rewardOf(answer: string, task: ArithmeticTask): number {
  const expected = solve(task);
  const wrapped = /###\s*(-?\d+)\s*###/.exec(answer);
  if (wrapped && Number(wrapped[1]) === expected) return 1;
  const numbers = [...answer.matchAll(/-?\d+/g)].map((m) => Number(m[0]));
  return numbers.includes(expected) ? 0.5 : 0;
}
