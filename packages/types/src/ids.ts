/** Pattern of a generated rollout id: `ro-` plus 12 lowercase hex characters. */
export const ROLLOUT_ID_PATTERN: RegExp = /^ro-[0-9a-f]{12}$/;
/** Pattern of a generated attempt id: `at-` plus 8 lowercase hex characters. */
export const ATTEMPT_ID_PATTERN: RegExp = /^at-[0-9a-f]{8}$/;
/** Pattern of a generated resources id: `rs-` plus 12 lowercase hex characters. */
export const RESOURCES_ID_PATTERN: RegExp = /^rs-[0-9a-f]{12}$/;
