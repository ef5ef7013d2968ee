import type { ListSpec } from '../src/core/list-state';
import { ROLLOUT_STATUSES, SORTABLE } from '../src/core/query';

/** The Rollouts list settings, as the page uses them (kept here to test without the UI). */
export const ROLLOUT_LIST: ListSpec = {
  sortable: SORTABLE.rollouts,
  sort: 'start_time',
  order: 'desc',
  sizes: [50, 100, 200, 500, 1000],
  size: 100,
  statuses: ROLLOUT_STATUSES,
  modes: ['train', 'val', 'test', 'none'],
};
