import { useState } from 'preact/hooks';
import { formatDuration, formatTime } from '../../core/format';
import { SORTABLE, spansUrl } from '../../core/query';
import type { WirePage, WireSpan } from '../../core/wire';
import { Badge, CopyButton, Drawer } from '../components/basic';
import { JsonView } from '../components/json-view';
import { ListFrame, pageQuery, sortHeaders, useLocalList } from '../components/list';
import { useQuery } from '../data/cache';
import { useSettings } from '../hooks';

/** The upstream spans table, with valid sort fields only and millisecond durations. */
export function SpansTable(props: {
  rolloutId: string;
  attemptId: string;
  search: string;
  onParent?: (id: string) => void;
}) {
  const settings = useSettings();
  const list = useLocalList({
    sort: 'start_time',
    order: 'desc',
    size: 100,
    sizes: [50, 100, 200, 500],
  });
  const [detail, setDetail] = useState<WireSpan | null>(null);
  const q = useQuery<WirePage<WireSpan>>(
    spansUrl({
      rolloutId: props.rolloutId,
      attemptId: props.attemptId,
      search: props.search,
      ...pageQuery(list),
    }),
  );
  if (q.error?.evicted)
    return <p class="notice">The spans of this rollout were evicted from the store's memory.</p>;
  const items = q.data?.items ?? [];
  const ids = new Set(items.map((s) => s.span_id));
  const utc = settings.timeZone === 'utc';
  const header = sortHeaders(list, SORTABLE.spans);
  return (
    <div>
      <ListFrame what="traces" q={q} list={list} empty="No spans found" scrollClass="short">
        <table class="data">
          <thead>
            <tr>
              {header('Name', 'name')}
              {header('Seq.', 'sequence_id')}
              {header('Trace ID', 'trace_id')}
              {header('Span ID', 'span_id')}
              {header('Parent ID', 'parent_id')}
              {header('Status')}
              {header('Attribute Keys')}
              {header('Start Time', 'start_time')}
              {header('End Time', 'end_time')}
              {header('Duration')}
              {header('Actions')}
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.span_id}>
                <td>{s.name}</td>
                <td>{s.sequence_id}</td>
                <td class="mono">
                  {s.trace_id.slice(0, 12)} <CopyButton text={s.trace_id} label="Copy trace id" />
                </td>
                <td class="mono">
                  {s.span_id} <CopyButton text={s.span_id} label="Copy span id" />
                </td>
                <td class="mono">
                  {s.parent_id === null ? (
                    '—'
                  ) : ids.has(s.parent_id) ? (
                    <button
                      type="button"
                      class="link-button"
                      onClick={() => props.onParent?.(s.parent_id as string)}
                    >
                      {s.parent_id.slice(0, 8)}
                    </button>
                  ) : (
                    <span class="missing" title="Parent span not found in table">
                      ⚠ {s.parent_id.slice(0, 8)}{' '}
                      <span class="sr-only">Parent span not found in table</span>
                    </span>
                  )}
                </td>
                <td>
                  <Badge value={s.status?.status_code ?? 'UNSET'} />
                </td>
                <td class="clamp">{Object.keys(s.attributes ?? {}).join(', ')}</td>
                <td>{formatTime(s.start_time, { utc, millis: true })}</td>
                <td>{formatTime(s.end_time, { utc, millis: true })}</td>
                <td>
                  {s.start_time !== null && s.end_time !== null
                    ? formatDuration(s.end_time - s.start_time)
                    : '—'}
                </td>
                <td>
                  <button
                    type="button"
                    class="icon-button"
                    aria-label="Show span detail"
                    onClick={() => setDetail(s)}
                  >
                    {'{}'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ListFrame>
      {detail && (
        <Drawer
          title={`Span ${detail.name}`}
          onClose={() => setDetail(null)}
          openPage={`/rollouts/${encodeURIComponent(detail.rollout_id)}/attempts/${encodeURIComponent(detail.attempt_id)}/spans/${encodeURIComponent(detail.span_id)}`}
        >
          <JsonView value={detail} name={detail.span_id} />
        </Drawer>
      )}
    </div>
  );
}
