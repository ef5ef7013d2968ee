import { useMemo, useState } from 'preact/hooks';
import { formatCount, formatReward, formatTime } from '../../core/format';
import {
  modeCountUrls,
  ROLLOUT_STATUSES,
  resourcesUrl,
  rolloutsUrl,
  statisticsUrl,
  timeseriesUrl,
  WORKER_STATUSES,
  workersUrl,
} from '../../core/query';
import { rolloutsPageHref } from '../../core/rollout-list';
import type { WirePage, WireResources, WireRollout, WireWorker } from '../../core/wire';
import { Badge, Link } from '../components/basic';
import { getJson, serverNow } from '../data/api';
import { useQuery } from '../data/cache';
import { useAttemptReward } from '../data/rewards';
import { useCapabilities, useSettings } from '../hooks';
import { seg } from '../router';

type Counts = Record<string, number>;

/** One bucket of our server's `/timeseries` answer. */
interface ServerBucket {
  start: number;
  created: number;
  finished: { succeeded: number; failed: number; cancelled: number };
  reward: { count: number; mean: number | null; min: number | null; max: number | null };
}

interface ThroughputBucket {
  start: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  created?: number;
  reward?: number | null;
}

async function countBy(
  kind: 'rollouts' | 'workers',
  statuses: readonly string[],
  signal: AbortSignal,
): Promise<Counts> {
  const results = await Promise.all(
    statuses.map((s) =>
      getJson<WirePage<unknown>>(
        kind === 'rollouts'
          ? rolloutsUrl({ limit: 1, offset: 0 }, { statuses: [s] })
          : workersUrl({ limit: 1, offset: 0 }, { statuses: [s] }),
        signal,
      ),
    ),
  );
  return Object.fromEntries(statuses.map((s, i) => [s, results[i]?.total ?? 0]));
}

/** Rollouts per mode, one `limit=1` request each, read from `total`. */
async function countByMode(
  urls: { mode: string; url: string }[],
  signal: AbortSignal,
): Promise<Counts> {
  const results = await Promise.all(urls.map((u) => getJson<WirePage<unknown>>(u.url, signal)));
  return Object.fromEntries(urls.map((u, i) => [u.mode, results[i]?.total ?? 0]));
}

/** Counts by mode, only on a server that filters by mode (elsewhere the block is absent). */
function ModeCounts() {
  const caps = useCapabilities();
  const urls = modeCountUrls(caps.rollout_filters);
  const counts = useQuery<Counts>(urls ? 'overview:rollout-mode-counts' : null, {
    loader: (s) => countByMode(urls ?? [], s),
    minGapMs: 3000,
  });
  if (!urls) return null;
  return (
    <>
      <h3>By mode</h3>
      <ul class="counts" data-testid="rollout-mode-counts">
        {urls.map(({ mode }) => (
          <li key={mode} data-mode={mode}>
            <Link to={rolloutsPageHref({ mode: [mode] })}>
              <Badge value={mode} />{' '}
              <span class="count">{counts.data ? formatCount(counts.data[mode] ?? 0) : '…'}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

function Chart(props: {
  title: string;
  caption: string;
  columns: string[];
  rows: (string | number)[][];
  bars: { label: string; values: number[] }[];
}) {
  const [asTable, setAsTable] = useState(false);
  const max = Math.max(1, ...props.bars.map((b) => b.values.reduce((x, y) => x + y, 0)));
  return (
    <figure class="chart">
      <figcaption>
        <strong>{props.title}</strong> <span class="muted small">{props.caption}</span>{' '}
        <button type="button" class="link-button" onClick={() => setAsTable(!asTable)}>
          {asTable ? 'View as chart' : 'View as table'}
        </button>
      </figcaption>
      {asTable ? (
        <table class="data">
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div class="bars" aria-hidden="true">
          {props.bars.map((b, i) => (
            <span key={i} class="bar-stack" title={`${b.label}: ${b.values.join(' / ')}`}>
              {b.values.map((v, j) => (
                <span key={j} class={`seg seg-${j}`} style={{ height: `${(v / max) * 100}%` }} />
              ))}
            </span>
          ))}
        </div>
      )}
    </figure>
  );
}

function bucketSeconds(range: number): number {
  for (const b of [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400])
    if (range / b <= 120) return b;
  return 86400 * 7;
}

export function OverviewPage() {
  const settings = useSettings();
  const utc = settings.timeZone === 'utc';
  const stats = useQuery<Record<string, unknown>>(statisticsUrl(), { minGapMs: 3000 });
  const rollouts = useQuery<Counts>('overview:rollout-counts', {
    loader: (s) => countBy('rollouts', ROLLOUT_STATUSES, s),
    minGapMs: 3000,
  });
  const workers = useQuery<Counts>('overview:worker-counts', {
    loader: (s) => countBy('workers', WORKER_STATUSES, s),
    minGapMs: 3000,
  });
  const aged = useQuery<WirePage<WireWorker>>(
    workersUrl({ limit: 1000, offset: 0, sortBy: 'last_heartbeat_time', sortOrder: 'asc' }),
    { minGapMs: 3000 },
  );
  const latest = useQuery<WireResources | null>(resourcesUrl('latest'), { minGapMs: 3000 });
  const finished = useQuery<WirePage<WireRollout>>(
    rolloutsUrl(
      { limit: 1000, offset: 0, sortBy: 'end_time', sortOrder: 'desc' },
      { statuses: ['succeeded', 'failed', 'cancelled'] },
    ),
    { minGapMs: 3000 },
  );
  const [range, setRange] = useState<number>(86400);
  const now = serverNow();
  const caps = useCapabilities();
  // Our server counts every rollout per bucket itself; other servers: the 1,000 most recent.
  const oldest = Math.min(
    now - 3600,
    ...(finished.data?.items ?? []).map((r) => r.end_time ?? now),
  );
  const seriesSince = range === 0 ? oldest : now - range;
  const seriesWidth = bucketSeconds(now - seriesSince);
  const series = useQuery<{ bucket_seconds: number; buckets: ServerBucket[] }>(
    caps.timeseries ? timeseriesUrl(seriesSince, seriesWidth) : null,
    { minGapMs: 3000 },
  );
  const stale = (aged.data?.items ?? []).filter(
    (w) => w.last_heartbeat_time !== null && now - w.last_heartbeat_time > settings.staleSeconds,
  ).length;
  const s = stats.data ?? {};
  const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : null);
  const chart = useMemo((): ThroughputBucket[] => {
    if (series.data)
      return series.data.buckets.map((b) => ({
        start: b.start,
        ...b.finished,
        created: b.created,
        reward: b.reward.mean,
      }));
    const items = finished.data?.items ?? [];
    const since =
      range === 0 ? Math.min(now - 3600, ...items.map((r) => r.end_time ?? now)) : now - range;
    const width = bucketSeconds(now - since);
    const first = Math.floor(since / width) * width;
    const buckets: { start: number; succeeded: number; failed: number; cancelled: number }[] = [];
    for (let t = first; t <= now; t += width)
      buckets.push({ start: t, succeeded: 0, failed: 0, cancelled: 0 });
    for (const r of items) {
      if (r.end_time === null || r.end_time < first) continue;
      const b = buckets[Math.floor((r.end_time - first) / width)];
      if (b && (r.status === 'succeeded' || r.status === 'failed' || r.status === 'cancelled'))
        b[r.status]++;
    }
    return buckets;
  }, [finished.data, range, series.data]);
  const eviction = num('eviction_threshold_bytes');
  const used = num('total_span_bytes');
  return (
    <section>
      <h1>Overview</h1>
      <div class="cards">
        <div class="card">
          <h2>Store</h2>
          <p>{String(s.name ?? '—')}</p>
          <p class="muted small">
            {['total_rollouts', 'total_attempts', 'total_spans', 'total_resources', 'total_workers']
              .filter((k) => num(k) !== null)
              .map((k) => `${k.replace('total_', '')}: ${formatCount(num(k) as number)}`)
              .join(' · ')}
          </p>
        </div>
        {eviction !== null && used !== null && (
          <div class="card">
            <h2>Span memory</h2>
            <meter min={0} max={eviction} value={used} aria-label="Span memory used" />
            <p>
              {Math.round((used / eviction) * 100)}% of the eviction threshold
              {used / eviction >= 0.8 && (
                <strong class="warn"> — Spans of the oldest rollouts will be evicted soon</strong>
              )}
            </p>
          </div>
        )}
        <div class="card">
          <h2>Rollouts by status</h2>
          <ul class="counts" data-testid="rollout-counts">
            {ROLLOUT_STATUSES.map((st) => (
              <li key={st}>
                <Link to={rolloutsPageHref({ status: [st] })}>
                  <Badge value={st} />{' '}
                  <span class="count">{formatCount(rollouts.data?.[st] ?? 0)}</span>
                </Link>
              </li>
            ))}
          </ul>
          <p class="muted small">
            Queue depth:{' '}
            {formatCount((rollouts.data?.queuing ?? 0) + (rollouts.data?.requeuing ?? 0))}
          </p>
          <ModeCounts />
        </div>
        <div class="card">
          <h2>Runners</h2>
          <ul class="counts" data-testid="runner-counts">
            {WORKER_STATUSES.map((st) => (
              <li key={st}>
                <Link to={`/runners?status=${st}`}>
                  <Badge value={st} /> <span class="count">{workers.data?.[st] ?? 0}</span>
                </Link>
              </li>
            ))}
            <li>
              <Badge value="stale" /> <span class="count">{stale}</span>
            </li>
          </ul>
        </div>
        <div class="card">
          <h2>Latest resources</h2>
          {latest.data ? (
            <p>
              <Link to={`/resources/${seg(latest.data.resources_id)}`}>
                {latest.data.resources_id}
              </Link>{' '}
              v{latest.data.version} · updated {formatTime(latest.data.update_time, { utc })}
            </p>
          ) : (
            <p class="muted">No resources yet</p>
          )}
        </div>
      </div>
      {rollouts.data && Object.values(rollouts.data).every((n) => n === 0) && (
        <p class="notice">
          The store is empty. Point a runner at <span class="mono">{location.origin}</span> (the
          store URL) to see rollouts here.
        </p>
      )}
      <div class="range" role="group" aria-label="Time range">
        {[
          ['1 h', 3600],
          ['6 h', 21600],
          ['24 h', 86400],
          ['All', 0],
        ].map(([label, seconds]) => (
          <button
            key={label}
            type="button"
            aria-pressed={range === seconds}
            onClick={() => setRange(seconds as number)}
          >
            {label}
          </button>
        ))}
      </div>
      <Chart
        title="Throughput"
        caption={
          series.data
            ? 'Rollouts finished per bucket (succeeded / failed / cancelled), counted by the server, with rollouts created and the mean final reward'
            : 'Rollouts finished per bucket (succeeded / failed / cancelled), based on the 1,000 most recently finished rollouts'
        }
        columns={
          series.data
            ? ['Bucket start', 'Succeeded', 'Failed', 'Cancelled', 'Created', 'Mean reward']
            : ['Bucket start', 'Succeeded', 'Failed', 'Cancelled']
        }
        rows={chart.map((b) => [
          formatTime(b.start, { utc }),
          b.succeeded,
          b.failed,
          b.cancelled,
          ...(series.data ? [b.created ?? 0, formatReward(b.reward)] : []),
        ])}
        bars={chart.map((b) => ({
          label: formatTime(b.start, { utc }),
          values: [b.succeeded, b.failed, b.cancelled],
        }))}
      />
      <RewardChart
        items={(finished.data?.items ?? []).slice(0, 200)}
        utc={utc}
        server={caps.rewards === true && !settings.countLegacyRewards}
      />
    </section>
  );
}

function RewardRow(props: { r: WireRollout; utc: boolean }) {
  const reward = useAttemptReward(
    props.r.rollout_id,
    props.r.attempt?.attempt_id,
    props.r.attempt?.status ?? props.r.status,
  );
  return (
    <tr>
      <td class="mono">{props.r.rollout_id}</td>
      <td>{formatTime(props.r.end_time, { utc: props.utc })}</td>
      <td>{props.r.mode ?? '—'}</td>
      <td>{reward === undefined ? '…' : formatReward(reward?.value)}</td>
    </tr>
  );
}

function RewardChart(props: { items: WireRollout[]; utc: boolean; server: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <figure class="chart">
      <figcaption>
        <strong>Rewards</strong>{' '}
        <span class="muted small">
          Rewards of the 200 most recently finished rollouts (
          {props.server ? 'read from the server' : 'computed in the browser from their spans'})
        </span>{' '}
        <button type="button" class="link-button" onClick={() => setOpen(!open)}>
          {open ? 'Hide table' : 'View as table'}
        </button>
      </figcaption>
      {open && (
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Rollout</th>
              <th scope="col">Ended</th>
              <th scope="col">Mode</th>
              <th scope="col">Final reward</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((r) => (
              <RewardRow key={r.rollout_id} r={r} utc={props.utc} />
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
