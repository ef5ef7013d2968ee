import { Fragment } from 'preact';
import { useRef, useState } from 'preact/hooks';
import {
  formatAge,
  formatDuration,
  formatReward,
  formatTime,
  previewValue,
} from '../../core/format';
import { attemptsUrl, ROLLOUT_MODES, ROLLOUT_STATUSES, rolloutsUrl } from '../../core/query';
import { ROLLOUT_LIST, rolloutListRequest } from '../../core/rollout-list';
import type { WireAttempt, WirePage, WireRollout } from '../../core/wire';
import { Badge, CopyButton, Drawer, Link } from '../components/basic';
import { JsonView } from '../components/json-view';
import { ListFrame, pageQuery, sortHeaders, useUrlList } from '../components/list';
import { serverNow } from '../data/api';
import { useQuery } from '../data/cache';
import { useAttemptReward } from '../data/rewards';
import { useRolloutFilters, useSettings, useTick, useWindow } from '../hooks';
import { seg } from '../router';
import { SpansTable } from './traces-table';

const ROW = 36;
// Rows kept beyond each edge of the viewport. A long jump (scrollbar drag, End) replaces
// every rendered row in one task, and a rollout row (links, badges, three buttons) is costly
// to lay out, so the margin is a few wheel steps rather than the hook's default of 20.
const OVERSCAN = 8;
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

function durationOf(r: WireRollout, a: WireAttempt | null | undefined, now: number): number | null {
  const start = a?.start_time ?? r.start_time;
  let end: number | null = null;
  if (a?.end_time) end = a.end_time;
  else if (TERMINAL.has(r.status) && r.end_time) end = r.end_time;
  else if (a && (a.status === 'preparing' || a.status === 'running')) end = now;
  else if (!a && r.end_time) end = r.end_time;
  else if (a?.last_heartbeat_time) end = a.last_heartbeat_time;
  return end === null ? null : end - start;
}

function RewardCell(props: { rollout: WireRollout }) {
  const a = props.rollout.attempt;
  const reward = useAttemptReward(
    props.rollout.rollout_id,
    a?.attempt_id,
    a?.status ?? props.rollout.status,
  );
  if (!a) return <td>—</td>;
  if (reward === undefined) return <td aria-busy="true">…</td>;
  return <td title={reward ? String(reward.value) : undefined}>{formatReward(reward?.value)}</td>;
}

function AttemptRows(props: { rollout: WireRollout; utc: boolean }) {
  const q = useQuery<WirePage<WireAttempt>>(attemptsUrl(props.rollout.rollout_id, 'desc', 100));
  const others = (q.data?.items ?? []).filter(
    (a) => a.attempt_id !== props.rollout.attempt?.attempt_id,
  );
  return (
    <>
      {others.map((a) => (
        <tr key={a.attempt_id} class="nested">
          <td />
          <td colSpan={2}>
            <Link to={`/rollouts/${seg(a.rollout_id)}/attempts/${seg(a.attempt_id)}`}>
              Attempt {a.sequence_id}: {a.attempt_id}
            </Link>
          </td>
          <td />
          <td>
            <Badge value={a.status} />
          </td>
          <td colSpan={4}>{formatTime(a.start_time, { utc: props.utc })}</td>
          <td>{a.end_time ? formatDuration(a.end_time - a.start_time) : '—'}</td>
          <td>
            {a.last_heartbeat_time ? formatAge(serverNow() - a.last_heartbeat_time) : 'never'}
          </td>
          <td>{a.worker_id || '—'}</td>
          <td />
        </tr>
      ))}
    </>
  );
}

function Row(props: {
  r: WireRollout;
  expanded: boolean;
  onToggle: () => void;
  onJson: () => void;
  onTraces: () => void;
  utc: boolean;
  now: number;
}) {
  const { r } = props;
  const a = r.attempt;
  const duration = durationOf(r, a, props.now);
  const retries = (a?.sequence_id ?? 1) > 1;
  return (
    <tr data-rollout={r.rollout_id}>
      <td>
        {retries && (
          <button
            type="button"
            class="icon-button"
            aria-expanded={props.expanded}
            aria-label={`${props.expanded ? 'Hide' : 'Show'} other attempts of ${r.rollout_id}`}
            onClick={props.onToggle}
          >
            {props.expanded ? '▾' : '▸'}
          </button>
        )}
      </td>
      <td class="mono">
        <Link to={`/rollouts/${seg(r.rollout_id)}`}>{r.rollout_id}</Link>{' '}
        <CopyButton text={r.rollout_id} label="Copy rollout id" />
      </td>
      <td class="mono">
        {a ? a.attempt_id : '—'}
        {retries && (
          <span class="retry" title={`Attempt ${a?.sequence_id}`}>
            {' '}
            ↻ {a?.sequence_id}
          </span>
        )}
      </td>
      <td class="mono clamp" title={previewValue(r.input, 2000)}>
        {previewValue(r.input)}
      </td>
      <td>
        <Badge value={r.status} />
        {a && a.status !== r.status && (
          <>
            {' — '}
            <Badge value={a.status} label={`attempt ${a.status}`} />
          </>
        )}
      </td>
      <RewardCell rollout={r} />
      <td class="mono">
        {r.resources_id ? (
          <Link to={`/resources/${seg(r.resources_id)}`}>{r.resources_id}</Link>
        ) : (
          '—'
        )}
      </td>
      <td>{r.mode ?? '—'}</td>
      <td
        title={
          a && a.start_time !== r.start_time
            ? `latest attempt started ${formatTime(a.start_time, { utc: props.utc })}`
            : undefined
        }
      >
        {formatTime(r.start_time, { utc: props.utc })}
      </td>
      <td>{duration === null ? '—' : formatDuration(duration)}</td>
      <td>
        {a
          ? a.last_heartbeat_time
            ? formatAge(serverNow() - a.last_heartbeat_time)
            : 'never'
          : '—'}
      </td>
      <td class="mono">
        {a?.worker_id ? <Link to={`/runners/${seg(a.worker_id)}`}>{a.worker_id}</Link> : '—'}
      </td>
      <td class="actions">
        <button
          type="button"
          class="icon-button"
          aria-label="View raw JSON"
          title="View raw JSON"
          onClick={props.onJson}
        >
          {'{}'}
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label="View traces"
          title="View traces"
          onClick={props.onTraces}
        >
          ≣
        </button>
      </td>
    </tr>
  );
}

export function RolloutsPage(props: { query: URLSearchParams }) {
  const settings = useSettings();
  const serverFilters = useRolloutFilters();
  const spec = { ...ROLLOUT_LIST, size: settings.pageSize };
  const list = useUrlList('/rollouts', props.query, spec, { pushPages: true });
  const { state, set, search, setSearch } = list;
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [drawer, setDrawer] = useState<{ kind: 'json' | 'traces'; rollout: WireRollout } | null>(
    null,
  );
  const now = useTick(1000) / 1000;
  const request = rolloutListRequest(state, serverFilters);
  const q = useQuery<WirePage<WireRollout>>(
    request.filters && rolloutsUrl(pageQuery(list.controls), request.filters),
  );
  const items = q.data?.items ?? [];
  const header = sortHeaders(list.controls);
  const scroller = useRef<HTMLDivElement>(null);
  const { start, end } = useWindow(scroller, items.length, ROW, OVERSCAN);
  const filtered =
    state.status.length > 0 ||
    state.mode.length > 0 ||
    state.resourcesId.length > 0 ||
    state.q !== '';
  const cleared = { q: '', status: [], mode: [], resourcesId: [], page: 1 };
  const canFilter = serverFilters === true;
  const toggle = (list: string[], value: string) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  return (
    <section>
      <h1>Rollouts</h1>
      <div class="toolbar">
        <input
          type="search"
          aria-label="Search by Rollout ID"
          placeholder="Search by Rollout ID"
          value={search}
          onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
        />
        <fieldset class="chips">
          <legend>Status</legend>
          {ROLLOUT_STATUSES.map((s) => (
            <label key={s} class="chip">
              <input
                type="checkbox"
                checked={state.status.includes(s)}
                onChange={() => set({ status: toggle(state.status, s), page: 1 })}
              />{' '}
              {s}
            </label>
          ))}
        </fieldset>
        <fieldset
          class="chips"
          disabled={!canFilter}
          title={serverFilters === false ? 'This server cannot filter by mode' : undefined}
        >
          <legend>
            Mode
            {serverFilters === false &&
              ` (This server cannot filter by mode${request.unapplied.includes('mode') ? '; not applied' : ''})`}
          </legend>
          {ROLLOUT_MODES.map((m) => (
            <label key={m} class="chip">
              <input
                type="checkbox"
                checked={state.mode.includes(m)}
                onChange={() => set({ mode: toggle(state.mode, m), page: 1 })}
              />{' '}
              {m}
            </label>
          ))}
        </fieldset>
        {state.resourcesId.length > 0 && (
          <fieldset class="chips" data-testid="resources-filter">
            <legend>
              Resources
              {request.unapplied.includes('resources_id')
                ? ' (This server cannot filter by resources; not applied)'
                : ''}
            </legend>
            {state.resourcesId.map((id) => (
              <span key={id} class="chip removable" data-resources-id={id}>
                <Link to={`/resources/${seg(id)}`} class="mono">
                  {id}
                </Link>
                <button
                  type="button"
                  class="icon-button"
                  aria-label={`Remove resources filter ${id}`}
                  title="Remove this filter"
                  onClick={() =>
                    set({ resourcesId: state.resourcesId.filter((r) => r !== id), page: 1 })
                  }
                >
                  ×
                </button>
              </span>
            ))}
          </fieldset>
        )}
        {filtered && (
          <button
            type="button"
            onClick={() => {
              setSearch('');
              set(cleared);
            }}
          >
            Clear filters
          </button>
        )}
        <button type="button" onClick={q.refresh}>
          Refresh
        </button>
      </div>
      {!request.filters && (
        <div class="skeleton" aria-busy="true">
          Loading rollouts…
        </div>
      )}
      <ListFrame
        what="rollouts"
        q={q}
        list={list.controls}
        skeleton
        scrollRef={scroller}
        empty="No rollouts found"
        emptyActions={
          <>
            <button type="button" onClick={q.refresh}>
              Refresh
            </button>
            {filtered && (
              <button type="button" onClick={() => set(cleared)}>
                Clear filters
              </button>
            )}
          </>
        }
      >
        <table class="data" aria-rowcount={items.length + 1}>
          <thead>
            <tr>
              <th scope="col">
                <span class="sr-only">Expand</span>
              </th>
              {header('Rollout', 'rollout_id')}
              <th scope="col">Attempt</th>
              <th scope="col">Input</th>
              {header('Status', 'status')}
              <th scope="col">Reward</th>
              {header('Resources', 'resources_id')}
              {header('Mode', 'mode')}
              {header('Start Time', 'start_time')}
              <th scope="col">Duration</th>
              <th scope="col">Last Heartbeat</th>
              <th scope="col">Worker</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {start > 0 && <tr class="spacer-row" style={{ height: `${start * ROW}px` }} />}
            {items.slice(start, end).map((r) => (
              <Fragment key={r.rollout_id}>
                <Row
                  r={r}
                  now={now}
                  utc={settings.timeZone === 'utc'}
                  expanded={expanded.has(r.rollout_id)}
                  onToggle={() => setExpanded(new Set(toggle([...expanded], r.rollout_id)))}
                  onJson={() => setDrawer({ kind: 'json', rollout: r })}
                  onTraces={() => setDrawer({ kind: 'traces', rollout: r })}
                />
                {expanded.has(r.rollout_id) && (
                  <AttemptRows rollout={r} utc={settings.timeZone === 'utc'} />
                )}
              </Fragment>
            ))}
            {end < items.length && (
              <tr class="spacer-row" style={{ height: `${(items.length - end) * ROW}px` }} />
            )}
          </tbody>
        </table>
      </ListFrame>
      {drawer?.kind === 'json' && (
        <Drawer
          title={`Rollout ${drawer.rollout.rollout_id}`}
          onClose={() => setDrawer(null)}
          openPage={`/rollouts/${seg(drawer.rollout.rollout_id)}`}
        >
          <JsonView value={drawer.rollout} name={drawer.rollout.rollout_id} />
        </Drawer>
      )}
      {drawer?.kind === 'traces' && (
        <Drawer
          title={`Traces of ${drawer.rollout.rollout_id}`}
          onClose={() => setDrawer(null)}
          openPage={`/rollouts/${seg(drawer.rollout.rollout_id)}`}
        >
          {drawer.rollout.attempt ? (
            <>
              <p>
                <Link
                  to={`/traces?rolloutId=${seg(drawer.rollout.rollout_id)}&attemptId=${seg(drawer.rollout.attempt.attempt_id)}`}
                >
                  View full traces
                </Link>
                {' · '}
                <Link
                  to={`/rollouts/${seg(drawer.rollout.rollout_id)}/attempts/${seg(drawer.rollout.attempt.attempt_id)}`}
                >
                  Open waterfall
                </Link>
              </p>
              <SpansTable
                rolloutId={drawer.rollout.rollout_id}
                attemptId={drawer.rollout.attempt.attempt_id}
                search=""
              />
            </>
          ) : (
            <p>Not started yet (status: {drawer.rollout.status}).</p>
          )}
        </Drawer>
      )}
    </section>
  );
}
