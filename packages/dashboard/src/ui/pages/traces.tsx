import { useEffect, useMemo, useState } from 'preact/hooks';
import { attemptsUrl, rolloutsUrl } from '../../core/query';
import type { WireAttempt, WirePage, WireRollout } from '../../core/wire';
import { ErrorNotice, Link } from '../components/basic';
import { useQuery } from '../data/cache';
import { useAttemptSpans } from '../data/spans';
import { useDebounced, useSettings, useTick } from '../hooks';
import { navigate, seg } from '../router';
import { SpansTable } from './traces-table';
import { TraceView } from './waterfall';

function TreeOf(props: { rolloutId: string; attempt: WireAttempt; mode: 'waterfall' | 'tree' }) {
  const settings = useSettings();
  const now = useTick(1000) / 1000;
  const llm = useMemo(() => new RegExp(settings.llmPattern), [settings.llmPattern]);
  const data = useAttemptSpans(
    props.rolloutId,
    props.attempt.attempt_id,
    llm,
    props.attempt.start_time,
  );
  if (!data.model)
    return data.error ? (
      <ErrorNotice what="traces" error={data.error} />
    ) : (
      <div class="skeleton" aria-busy="true">
        Loading spans…
      </div>
    );
  return (
    <TraceView
      model={data.model}
      running={props.attempt.status === 'running'}
      now={now}
      client={data.client}
      selected={null}
      onSelect={(id) =>
        navigate(
          `/rollouts/${seg(props.rolloutId)}/attempts/${seg(props.attempt.attempt_id)}/spans/${seg(id)}`,
        )
      }
      mode={props.mode}
    />
  );
}

/** The upstream Traces page: rollout and attempt pickers, span search, three views. */
export function TracesPage(props: { query: URLSearchParams }) {
  const rolloutId = props.query.get('rolloutId');
  const attemptId = props.query.get('attemptId');
  const view =
    (['table', 'waterfall', 'tree'] as const).find((v) => v === props.query.get('view')) ?? 'table';
  const [term, setTerm] = useState(props.query.get('q') ?? '');
  const search = useDebounced(term.trim(), 300);
  const [typed, setTyped] = useState('');
  const typedQuery = useDebounced(typed.trim(), 300);
  const recent = useQuery<WirePage<WireRollout>>(
    rolloutsUrl({ limit: 100, offset: 0, sortBy: 'start_time', sortOrder: 'desc' }),
  );
  const found = useQuery<WirePage<WireRollout>>(
    typedQuery
      ? rolloutsUrl(
          { limit: 20, offset: 0, sortBy: 'start_time', sortOrder: 'desc' },
          { search: typedQuery },
        )
      : null,
  );
  const attempts = useQuery<WirePage<WireAttempt>>(
    rolloutId ? attemptsUrl(rolloutId, 'desc', 200) : null,
  );
  const write = (patch: Record<string, string | null>) => {
    const params = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') params.delete(k);
      else params.set(k, v);
    }
    navigate(`/traces?${params.toString()}`, { replace: true });
  };
  useEffect(() => {
    if (!rolloutId && recent.data?.items[0]) {
      const r = recent.data.items[0];
      write({ rolloutId: r.rollout_id, attemptId: r.attempt?.attempt_id ?? null });
    }
  }, [rolloutId, recent.data]);
  useEffect(() => {
    if (rolloutId && !attemptId && attempts.data?.items[0])
      write({ attemptId: attempts.data.items[0].attempt_id });
  }, [rolloutId, attemptId, attempts.data]);
  useEffect(() => {
    if ((props.query.get('q') ?? '') !== search) write({ q: search });
  }, [search]);
  const options = (typedQuery ? found.data?.items : recent.data?.items) ?? [];
  const attempt = attempts.data?.items.find((a) => a.attempt_id === attemptId);
  const unknown =
    rolloutId &&
    attempts.data &&
    attempts.data.items.length === 0 &&
    recent.data &&
    !recent.data.items.some((r) => r.rollout_id === rolloutId);
  return (
    <section>
      <h1>Traces</h1>
      <div class="toolbar">
        <label>
          Rollout{' '}
          <input
            type="search"
            aria-label="Search rollouts"
            placeholder="Search rollouts"
            value={typed}
            onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          />
          <select
            aria-label="Rollout"
            value={rolloutId ?? ''}
            onChange={(e) =>
              write({ rolloutId: (e.target as HTMLSelectElement).value, attemptId: null })
            }
          >
            {!rolloutId && (
              <option value="">
                {recent.loading
                  ? 'Loading...'
                  : options.length === 0
                    ? typedQuery
                      ? 'No matching rollouts'
                      : 'No rollouts'
                    : 'Select a rollout'}
              </option>
            )}
            {rolloutId && !options.some((r) => r.rollout_id === rolloutId) && (
              <option value={rolloutId}>{rolloutId}</option>
            )}
            {options.map((r) => (
              <option key={r.rollout_id} value={r.rollout_id}>
                {r.rollout_id} ({r.status})
              </option>
            ))}
          </select>
        </label>
        <label>
          Attempt{' '}
          <select
            aria-label="Attempt"
            value={attemptId ?? ''}
            onChange={(e) => write({ attemptId: (e.target as HTMLSelectElement).value })}
          >
            {(attempts.data?.items ?? []).length === 0 && <option value="">No Attempt</option>}
            {(attempts.data?.items ?? []).map((a) => (
              <option key={a.attempt_id} value={a.attempt_id}>
                Attempt {a.sequence_id} ({a.attempt_id}) - {a.status}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          aria-label="Search spans"
          placeholder="Search spans"
          value={term}
          onInput={(e) => setTerm((e.target as HTMLInputElement).value)}
        />
        <label>
          View{' '}
          <select
            aria-label="View"
            value={view}
            onChange={(e) =>
              write({
                view:
                  (e.target as HTMLSelectElement).value === 'table'
                    ? null
                    : (e.target as HTMLSelectElement).value,
              })
            }
          >
            <option value="table">Table</option>
            <option value="waterfall">Waterfall</option>
            <option value="tree">Tree</option>
          </select>
        </label>
        {rolloutId && <Link to={`/rollouts/${seg(rolloutId)}`}>Open rollout</Link>}
      </div>
      {unknown && (
        <p class="notice">
          Rollout {rolloutId} was not found. Select a rollout and attempt to view traces.
        </p>
      )}
      {!rolloutId && <p>Select a rollout and attempt to view traces.</p>}
      {rolloutId && attemptId && view === 'table' && (
        <SpansTable
          rolloutId={rolloutId}
          attemptId={attemptId}
          search={search}
          onParent={(id) => setTerm(id)}
        />
      )}
      {rolloutId && attempt && view !== 'table' && (
        <TreeOf rolloutId={rolloutId} attempt={attempt} mode={view} />
      )}
    </section>
  );
}
