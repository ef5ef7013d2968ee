import { useMemo } from 'preact/hooks';
import { formatAge, formatDuration, formatReward, formatTime } from '../../core/format';
import { attemptsUrl, rolloutsUrl, rolloutUrl } from '../../core/query';
import type { WireAttempt, WirePage, WireRollout } from '../../core/wire';
import { Badge, CopyButton, Empty, ErrorNotice, Link } from '../components/basic';
import { JsonView } from '../components/json-view';
import { getJson, StoreRequestError, serverNow } from '../data/api';
import { useQuery } from '../data/cache';
import { useAttemptSpans, useWorkerAnswer } from '../data/spans';
import { useSettings, useTick } from '../hooks';
import { navigate, seg } from '../router';
import { ConversationView } from './messages';
import { SpanDetail } from './span-detail';
import { SpansTable } from './traces-table';
import { TraceView } from './waterfall';

const VIEWS = ['waterfall', 'tree', 'table', 'messages', 'json'] as const;
type View = (typeof VIEWS)[number];

/** `GET /rollouts/{id}`, confirming a 5xx (Python answers 500 for an unknown id) with a list query. */
async function loadRollout(id: string, signal: AbortSignal): Promise<WireRollout | null> {
  try {
    return await getJson<WireRollout | null>(rolloutUrl(id), signal);
  } catch (error) {
    if (!(error instanceof StoreRequestError) || error.status < 500) throw error;
    const page = await getJson<WirePage<WireRollout>>(
      rolloutsUrl({ limit: 1, offset: 0 }, { ids: [id] }),
      signal,
    );
    return page.items[0] ?? null;
  }
}

function AttemptsTimeline(props: {
  rollout: WireRollout;
  attempts: WireAttempt[];
  selected: string;
  now: number;
  utc: boolean;
}) {
  const t0 = Math.min(props.rollout.start_time, ...props.attempts.map((a) => a.start_time));
  const t1 = Math.max(
    t0 + 0.001,
    ...props.attempts.map((a) => a.end_time ?? a.last_heartbeat_time ?? props.now),
  );
  return (
    <table class="data attempts">
      <caption>Attempts</caption>
      <thead>
        <tr>
          <th scope="col">Attempt</th>
          <th scope="col">Status</th>
          <th scope="col">Worker</th>
          <th scope="col">Start</th>
          <th scope="col">End</th>
          <th scope="col">Duration</th>
          <th scope="col">Last heartbeat</th>
          <th scope="col">Timeline</th>
        </tr>
      </thead>
      <tbody>
        {props.attempts.map((a) => {
          const end =
            a.end_time ??
            (a.status === 'running' || a.status === 'preparing'
              ? props.now
              : a.last_heartbeat_time);
          return (
            <tr
              key={a.attempt_id}
              class={a.attempt_id === props.selected ? 'selected' : ''}
              aria-selected={a.attempt_id === props.selected}
            >
              <td>
                <Link to={`/rollouts/${seg(a.rollout_id)}/attempts/${seg(a.attempt_id)}`}>
                  Attempt {a.sequence_id}
                </Link>{' '}
                <span class="mono muted">{a.attempt_id}</span>
              </td>
              <td>
                <Badge value={a.status} />
              </td>
              <td class="mono">
                {a.worker_id ? <Link to={`/runners/${seg(a.worker_id)}`}>{a.worker_id}</Link> : '—'}
              </td>
              <td>{formatTime(a.start_time, { utc: props.utc })}</td>
              <td>{formatTime(a.end_time, { utc: props.utc })}</td>
              <td>{end ? formatDuration(end - a.start_time) : '—'}</td>
              <td>
                {a.last_heartbeat_time ? formatAge(props.now - a.last_heartbeat_time) : 'never'}
              </td>
              <td class="timeline-cell" aria-hidden="true">
                <span
                  class="bar"
                  style={{
                    left: `${((a.start_time - t0) / (t1 - t0)) * 100}%`,
                    width: `${Math.max(0.5, (((end ?? a.start_time) - a.start_time) / (t1 - t0)) * 100)}%`,
                  }}
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function AttemptPanel(props: {
  rollout: WireRollout;
  attempt: WireAttempt;
  view: View;
  spanId: string | null;
  now: number;
}) {
  const settings = useSettings();
  const llm = useMemo(() => {
    try {
      return new RegExp(settings.llmPattern);
    } catch {
      return /openai\.chat\.completion/;
    }
  }, [settings.llmPattern]);
  const { rollout, attempt } = props;
  const data = useAttemptSpans(rollout.rollout_id, attempt.attempt_id, llm, attempt.start_time);
  const final = settings.countLegacyRewards ? data.summary.finalWithLegacy : data.summary.final;
  // Message extraction runs in the worker, and only for the Messages tab and a selected span.
  const conversation = useWorkerAnswer(
    data.client,
    data.version,
    '',
    props.view === 'messages' || props.spanId !== null,
    (client) => client.conversation(),
  );
  const selectedSpan = useWorkerAnswer(
    data.client,
    data.version,
    props.spanId ?? '',
    props.spanId !== null,
    (client) => client.span(props.spanId as string),
  );
  const base = `/rollouts/${seg(rollout.rollout_id)}/attempts/${seg(attempt.attempt_id)}`;
  const select = (id: string) =>
    navigate(`${base}/spans/${seg(id)}${props.view !== 'waterfall' ? `?view=${props.view}` : ''}`, {
      replace: props.spanId !== null,
    });
  const running = attempt.status === 'running' || attempt.status === 'preparing';
  return (
    <section class="attempt-panel" aria-label={`Attempt ${attempt.sequence_id}`}>
      <h2>
        Attempt {attempt.sequence_id} <span class="mono muted">{attempt.attempt_id}</span>{' '}
        <Badge value={attempt.status} />
      </h2>
      <p class="summary" data-testid="attempt-summary">
        {data.total.toLocaleString('en-US')} spans · {data.summary.llmCalls} LLM calls ·{' '}
        {data.summary.rewardSpans} reward spans · {data.summary.errors} errors ·{' '}
        <strong>final reward {formatReward(final?.value)}</strong>
        {final && final.dimensions.length > 0 && (
          <span class="muted">
            {' '}
            ({final.dimensions.map((d) => `${d.name} ${d.value}`).join(' · ')})
          </span>
        )}
        {data.loading && (
          <span class="muted">
            {' '}
            · loading {data.received.toLocaleString('en-US')} of{' '}
            {data.total.toLocaleString('en-US')}…
          </span>
        )}
      </p>
      <div role="tablist" aria-label="Attempt views" class="tabs">
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={props.view === v}
            onClick={() =>
              navigate(
                `${base}${props.spanId ? `/spans/${seg(props.spanId)}` : ''}${v === 'waterfall' ? '' : `?view=${v}`}`,
                { replace: true },
              )
            }
          >
            {v[0]?.toUpperCase()}
            {v.slice(1)}
          </button>
        ))}
      </div>
      {data.error?.evicted ? (
        <p class="notice">The spans of this rollout were evicted from the store's memory.</p>
      ) : data.error ? (
        <ErrorNotice what="traces" error={data.error} />
      ) : null}
      {props.spanId && selectedSpan === null && !data.loading && !data.error && (
        <p class="notice">Span {props.spanId} not found in this attempt.</p>
      )}
      <div class={`attempt-body${selectedSpan ? ' with-detail' : ''}`}>
        <div class="attempt-main">
          {(props.view === 'waterfall' || props.view === 'tree') &&
            (data.model === null || (data.model.count === 0 && !data.loading) ? (
              data.loading ? (
                <div class="skeleton" aria-busy="true">
                  Loading spans…
                </div>
              ) : (
                <Empty text="No spans recorded for this attempt yet." />
              )
            ) : (
              <TraceView
                model={data.model}
                running={running}
                now={props.now}
                selected={props.spanId}
                onSelect={select}
                mode={props.view}
                client={data.client}
              />
            ))}
          {props.view === 'table' && (
            <SpansTable rolloutId={rollout.rollout_id} attemptId={attempt.attempt_id} search="" />
          )}
          {props.view === 'messages' && (
            <ConversationView turns={conversation?.turns ?? []} onSpan={select} />
          )}
          {props.view === 'json' && <JsonView value={attempt} name={attempt.attempt_id} />}
        </div>
        {selectedSpan && (
          <SpanDetail
            span={selectedSpan}
            llm={llm}
            sameAs={conversation?.same.get(selectedSpan.span_id)}
            onSelect={select}
            utc={settings.timeZone === 'utc'}
          />
        )}
      </div>
    </section>
  );
}

export function RolloutDetailPage(props: {
  rolloutId: string;
  attemptId?: string;
  spanId?: string;
  query: URLSearchParams;
}) {
  const settings = useSettings();
  const now = useTick(1000) && serverNow();
  const r = useQuery<WireRollout | null>(rolloutUrl(props.rolloutId), {
    loader: (signal) => loadRollout(props.rolloutId, signal),
  });
  const a = useQuery<WirePage<WireAttempt>>(attemptsUrl(props.rolloutId, 'asc', 1000));
  const utc = settings.timeZone === 'utc';
  if (r.error && !r.data) return <ErrorNotice what="rollouts" error={r.error} />;
  if (r.loading || r.data === undefined)
    return (
      <div class="skeleton" aria-busy="true">
        Loading rollout…
      </div>
    );
  const rollout = r.data;
  if (rollout === null)
    return (
      <section>
        <h1>Rollout {props.rolloutId} not found</h1>
        <p>
          <Link to="/rollouts">Back to rollouts</Link>
        </p>
      </section>
    );
  const attempts = a.data?.items ?? [];
  const attempt = props.attemptId
    ? attempts.find((x) => x.attempt_id === props.attemptId)
    : attempts[attempts.length - 1];
  const view = (VIEWS as readonly string[]).includes(props.query.get('view') ?? '')
    ? (props.query.get('view') as View)
    : 'waterfall';
  const config = (rollout.config ?? {}) as Record<string, unknown>;
  const retryOn = Array.isArray(config.retry_condition)
    ? (config.retry_condition as string[]).join(', ')
    : 'none';
  return (
    <section>
      <h1>
        Rollout <span class="mono">{rollout.rollout_id}</span>{' '}
        <CopyButton text={rollout.rollout_id} label="Copy rollout id" />
      </h1>
      <p class="header-facts">
        <Badge value={rollout.status} /> · mode {rollout.mode ?? '—'} · resources{' '}
        {rollout.resources_id ? (
          <Link to={`/resources/${seg(rollout.resources_id)}`}>{rollout.resources_id}</Link>
        ) : (
          '—'
        )}{' '}
        · created {formatTime(rollout.start_time, { utc })} · ended{' '}
        {formatTime(rollout.end_time, { utc })} · duration{' '}
        {formatDuration((rollout.end_time ?? now) - rollout.start_time)}{' '}
        <button type="button" onClick={() => void navigator.clipboard?.writeText(location.href)}>
          Copy link
        </button>
      </p>
      <div class="panels">
        <div class="panel">
          <h2>Input</h2>
          <JsonView value={rollout.input} name={`${rollout.rollout_id}-input`} />
        </div>
        <div class="panel">
          <h2>Config</h2>
          <p>
            Timeout {String(config.timeout_seconds ?? 'none')} s · unresponsive after{' '}
            {String(config.unresponsive_seconds ?? 'never')} s
          </p>
          <p>
            Retries on: {retryOn}; {attempts.length} of {String(config.max_attempts ?? 1)} attempts
            used
          </p>
        </div>
        <div class="panel">
          <h2>Metadata</h2>
          <JsonView value={rollout.metadata ?? null} name={`${rollout.rollout_id}-metadata`} />
        </div>
      </div>
      {attempts.length === 0 && a.data ? (
        <p>Not started yet (status: {rollout.status})</p>
      ) : (
        <div class="table-scroll-x">
          <AttemptsTimeline
            rollout={rollout}
            attempts={attempts}
            selected={attempt?.attempt_id ?? ''}
            now={now}
            utc={utc}
          />
        </div>
      )}
      {props.attemptId && a.data && !attempt && (
        <p class="notice">
          Attempt {props.attemptId} not found in rollout {rollout.rollout_id}.{' '}
          <Link to={`/rollouts/${seg(rollout.rollout_id)}`}>Show the rollout</Link>
        </p>
      )}
      {attempt && (
        <AttemptPanel
          key={attempt.attempt_id}
          rollout={rollout}
          attempt={attempt}
          view={view}
          spanId={props.spanId ?? null}
          now={now}
        />
      )}
    </section>
  );
}
