import { InvalidArgumentError } from '@agl/store-core';
import type { ValidationErrorItem } from '@agl/types';

/**
 * A value does not match a legacy wire model: a server answered 200 with a
 * body of the wrong shape, or a caller passed an invalid task, rollout or
 * resources object. `issues` lists every problem in FastAPI's format.
 */
export class LegacyValidationError extends InvalidArgumentError {
  /** The problems, as `{type, loc, msg, input}` items. */
  readonly issues: ValidationErrorItem[];

  /**
   * @param what - the model that was expected, e.g. `TaskIfAny`
   * @param issues - the problems found
   */
  constructor(what: string, issues: ValidationErrorItem[]) {
    const summary = issues.map((issue) => `${issue.loc.join('.') || '(root)'}: ${issue.msg}`);
    super(`Invalid ${what}: ${summary.join('; ')}`, { pythonType: 'ValidationError' });
    this.issues = issues;
  }
}
