/**
 * The "prompt arithmetic" tasks: small integers and an
 * operator word, generated from a fixed seed.
 *
 * @module
 */
import { randomInt, seededRandom } from '../shared/random';

/** The operator words the fake model understands. */
export const OPERATORS = ['plus', 'minus', 'times'] as const;

/** One operator word. */
export type Operator = (typeof OPERATORS)[number];

/** One task: compute `a <op> b` (a type alias, so it can be passed to `PromptTemplate.format`). */
export type ArithmeticTask = {
  /** A stable id, e.g. `val-3`. */
  id: string;
  /** Left operand. */
  a: number;
  /** Right operand. */
  b: number;
  /** The operation. */
  op: Operator;
};

/**
 * Generates `count` tasks from `seed` (same seed, same tasks).
 *
 * @param count - how many tasks
 * @param seed - the generator seed
 * @param prefix - id prefix (`train`, `val`)
 */
function makeTasks(count: number, seed: number, prefix: string): ArithmeticTask[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    a: randomInt(random, 1, 20),
    b: randomInt(random, 1, 20),
    op: OPERATORS[randomInt(random, 0, OPERATORS.length - 1)] as Operator,
  }));
}

/** The 12 training tasks. */
export const TRAIN_TASKS: readonly ArithmeticTask[] = makeTasks(12, 2024, 'train');

/** The 12 validation tasks the algorithm scores prompts on. */
export const VAL_TASKS: readonly ArithmeticTask[] = makeTasks(12, 4242, 'val');

/**
 * The correct result of a task.
 *
 * @param task - the task
 */
export function solve(task: Pick<ArithmeticTask, 'a' | 'b' | 'op'>): number {
  if (task.op === 'plus') return task.a + task.b;
  if (task.op === 'minus') return task.a - task.b;
  return task.a * task.b;
}
