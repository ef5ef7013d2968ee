/**
 * The agent of the "prompt arithmetic" demo: renders the prompt template
 * with the task, asks the fake model, and returns the reward. Returning a
 * number makes the runner store one reward span for the attempt.
 *
 * @module
 */
import { promptRollout } from '@agl/trainer';
import { fakeModel, rewardOf } from './fake-model';
import type { ArithmeticTask } from './tasks';

/** The agent: `prompt_template` resource in, reward out. */
export const arithmeticAgent = promptRollout<ArithmeticTask>((task, promptTemplate) =>
  rewardOf(fakeModel(promptTemplate.format(task)), task),
);
