/**
 * The addition questions of the temperature demo.
 *
 * @module
 */
import { randomInt, seededRandom } from '../shared/random';

/** One question: what is `a + b`? */
export type AdditionTask = {
  /** A stable id, e.g. `val-3`. */
  id: string;
  /** Left operand. */
  a: number;
  /** Right operand. */
  b: number;
};

/**
 * The question text the agent sends (and the fake server parses).
 *
 * @param task - the task
 */
export function questionOf(task: AdditionTask): string {
  return `What is ${task.a} + ${task.b}?`;
}

/**
 * Whether a reply states the correct sum as a number of its own.
 *
 * @param reply - the model's reply
 * @param task - the task
 */
export function isCorrect(reply: string, task: AdditionTask): boolean {
  return new RegExp(`(^|[^\\d-])${task.a + task.b}(?!\\d)`).test(reply);
}

/**
 * Generates `count` tasks from `seed`.
 *
 * @param count - how many
 * @param seed - generator seed
 */
function makeAdditionTasks(count: number, seed: number): AdditionTask[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: `val-${i}`,
    a: randomInt(random, 1, 50),
    b: randomInt(random, 1, 50),
  }));
}

/** The 20 validation questions every temperature is scored on. */
export const VAL_TASKS: readonly AdditionTask[] = makeAdditionTasks(20, 1515);
