import { useRef } from 'preact/hooks';
import { formatAge, formatTime, heartbeatHealth } from '../../core/format';
import type { ListSpec } from '../../core/list-state';
import { rolloutUrl, SORTABLE, WORKER_STATUSES, workersUrl, workerUrl } from '../../core/query';
import type { WirePage, WireRollout, WireWorker } from '../../core/wire';
import { Badge, CopyButton, ErrorNotice, Link } from '../components/basic';
import { JsonView } from '../components/json-view';
import { ListFrame, pageQuery, sortHeaders, useUrlList } from '../components/list';
import { serverNow } from '../data/api';
import { useQuery } from '../data/cache';
import { useSettings, useTick } from '../hooks';
import { seg } from '../router';

const SPEC: ListSpec = {
  sortable: SORTABLE.workers,
  sort: 'last_heartbeat_time',
  order: 'desc',
  sizes: [50, 100, 200, 500],
  size: 50,
  statuses: WORKER_STATUSES,
};

function Health(props: { worker: WireWorker; now: number }) {
  const settings = useSettings();
  const w = props.worker;
  const health = heartbeatHealth(w.last_heartbeat_time, props.now, {
    staleSeconds: settings.staleSeconds,
    lostSeconds: settings.lostSeconds,
  });
  return (
    <span>
      {w.last_heartbeat_time ? formatAge(props.now - w.last_heartbeat_time) : 'never'}{' '}
      <Badge value={health} />
      {w.status === 'busy' && health === 'lost' && (
        <strong class="warn"> ⚠ busy, heartbeat lost</strong>
      )}
    </span>
  );
}

function When(props: { t: number | null; now: number; utc: boolean }) {
  if (props.t === null) return <span>—</span>;
  return (
    <span title={formatTime(props.t, { utc: props.utc })}>
      {formatAge(props.now - props.t)}
      <br />
      <span class="muted small">{formatTime(props.t, { utc: props.utc })}</span>
    </span>
  );
}

function stats(w: WireWorker): string {
  return Object.entries(w.heartbeat_stats ?? {})
    .filter(([, v]) => typeof v === 'number')
    .slice(0, 3)
    .map(([k, v]) => `${k} ${Math.round((v as number) * 100) / 100}`)
    .join(' · ');
}

export function RunnersPage(props: { query: URLSearchParams }) {
  const settings = useSettings();
  const list = useUrlList('/runners', props.query, SPEC);
  const { state, set, search, setSearch } = list;
  useTick(1000);
  const now = serverNow();
  const q = useQuery<WirePage<WireWorker>>(
    workersUrl(pageQuery(list.controls), { search: state.q, statuses: state.status }),
  );
  const utc = settings.timeZone === 'utc';
  const header = sortHeaders(list.controls);
  const toggle = (s: string) =>
    set({
      status: state.status.includes(s) ? state.status.filter((x) => x !== s) : [...state.status, s],
      page: 1,
    });
  return (
    <section>
      <h1>Runners</h1>
      <div class="toolbar">
        <input
          type="search"
          aria-label="Search by Runner ID"
          placeholder="Search by Runner ID"
          value={search}
          onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
        />
        <fieldset class="chips">
          <legend>Status</legend>
          {WORKER_STATUSES.map((s) => (
            <label key={s} class="chip">
              <input
                type="checkbox"
                checked={state.status.includes(s)}
                onChange={() => toggle(s)}
              />{' '}
              {s}
            </label>
          ))}
        </fieldset>
        <button type="button" onClick={q.refresh}>
          Refresh
        </button>
      </div>
      <ListFrame what="runners" q={q} list={list.controls} empty="No runners found">
        <table class="data">
          <thead>
            <tr>
              {header('Runner ID', 'worker_id')}
              {header('Status', 'status')}
              {header('Current Rollout', 'current_rollout_id')}
              {header('Current Attempt', 'current_attempt_id')}
              {header('Heartbeat', 'last_heartbeat_time')}
              {header('Last Busy', 'last_busy_time')}
              {header('Last Idle', 'last_idle_time')}
              {header('Last Dequeue', 'last_dequeue_time')}
              {header('Stats')}
            </tr>
          </thead>
          <tbody>
            {(q.data?.items ?? []).map((w) => (
              <tr key={w.worker_id}>
                <td class="mono">
                  <Link to={`/runners/${seg(w.worker_id)}`}>{w.worker_id}</Link>{' '}
                  <CopyButton text={w.worker_id} label="Copy runner id" />
                </td>
                <td>
                  <Badge value={w.status} />
                </td>
                <td class="mono">
                  {w.current_rollout_id ? (
                    <Link to={`/rollouts/${seg(w.current_rollout_id)}`}>
                      {w.current_rollout_id}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td class="mono">
                  {w.current_rollout_id && w.current_attempt_id ? (
                    <Link
                      to={`/rollouts/${seg(w.current_rollout_id)}/attempts/${seg(w.current_attempt_id)}`}
                    >
                      {w.current_attempt_id}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <Health worker={w} now={now} />
                </td>
                <td>
                  <When t={w.last_busy_time} now={now} utc={utc} />
                </td>
                <td>
                  <When t={w.last_idle_time} now={now} utc={utc} />
                </td>
                <td>
                  <When t={w.last_dequeue_time} now={now} utc={utc} />
                </td>
                <td class="small">{stats(w) || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ListFrame>
    </section>
  );
}

function Sparkline(props: { values: number[]; label: string }) {
  if (props.values.length < 2) return <span class="muted small">{props.values.length} point</span>;
  const min = Math.min(...props.values);
  const max = Math.max(...props.values);
  const points = props.values
    .map(
      (v, i) =>
        `${(i / (props.values.length - 1)) * 100},${20 - ((v - min) / (max - min || 1)) * 18}`,
    )
    .join(' ');
  return (
    <svg
      class="sparkline"
      viewBox="0 0 100 22"
      role="img"
      aria-label={`${props.label}: ${props.values.length} points`}
      data-points={props.values.length}
    >
      <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" />
    </svg>
  );
}

export function RunnerDetailPage(props: { workerId: string }) {
  const settings = useSettings();
  useTick(1000);
  const now = serverNow();
  const q = useQuery<WireWorker | null>(workerUrl(props.workerId));
  const history = useRef(new Map<string, { at: number; value: number }[]>());
  const lastBeat = useRef<number | null>(null);
  const w = q.data;
  if (w && w.last_heartbeat_time !== lastBeat.current) {
    lastBeat.current = w.last_heartbeat_time;
    for (const [k, v] of Object.entries(w.heartbeat_stats ?? {})) {
      if (typeof v !== 'number') continue;
      const list = history.current.get(k) ?? [];
      list.push({ at: w.last_heartbeat_time ?? 0, value: v });
      history.current.set(k, list.slice(-200));
    }
  }
  const current = useQuery<WireRollout | null>(
    w?.current_rollout_id ? rolloutUrl(w.current_rollout_id) : null,
  );
  if (q.error && !q.data) return <ErrorNotice what="runners" error={q.error} />;
  if (q.data === undefined)
    return (
      <div class="skeleton" aria-busy="true">
        Loading…
      </div>
    );
  if (w === null || w === undefined) return <h1>Runner {props.workerId} not found</h1>;
  const utc = settings.timeZone === 'utc';
  return (
    <section>
      <h1>
        Runner <span class="mono">{w.worker_id}</span> <Badge value={w.status} />
      </h1>
      <dl class="facts">
        <dt>Heartbeat</dt>
        <dd>
          <Health worker={w} now={now} />
        </dd>
        <dt>Last busy</dt>
        <dd>
          <When t={w.last_busy_time} now={now} utc={utc} />
        </dd>
        <dt>Last idle</dt>
        <dd>
          <When t={w.last_idle_time} now={now} utc={utc} />
        </dd>
        <dt>Last dequeue</dt>
        <dd>
          <When t={w.last_dequeue_time} now={now} utc={utc} />
        </dd>
        <dt>Current rollout</dt>
        <dd>
          {w.current_rollout_id ? (
            <>
              <Link
                to={`/rollouts/${seg(w.current_rollout_id)}${w.current_attempt_id ? `/attempts/${seg(w.current_attempt_id)}` : ''}`}
              >
                {w.current_rollout_id}
              </Link>{' '}
              {current.data && <Badge value={current.data.status} />}
            </>
          ) : (
            '—'
          )}
        </dd>
      </dl>
      <h2>Heartbeat stats</h2>
      <table class="kv">
        <tbody>
          {Object.entries(w.heartbeat_stats ?? {}).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{JSON.stringify(v)}</td>
              <td>
                {typeof v === 'number' && (
                  <Sparkline
                    label={k}
                    values={(history.current.get(k) ?? []).map((p) => p.value)}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>JSON</summary>
        <JsonView value={w} name={w.worker_id} />
      </details>
    </section>
  );
}
