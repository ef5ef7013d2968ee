import { useMemo, useState } from 'preact/hooks';
import { formatDuration, formatTime } from '../../core/format';
import { isSecretKey, maskJson } from '../../core/mask';
import { extractLlmCall, isLlmCall } from '../../core/messages';
import { spanReward } from '../../core/rewards';
import type { WireSpan } from '../../core/wire';
import { Badge, CopyButton } from '../components/basic';
import { JsonView } from '../components/json-view';
import { LlmCallView } from './messages';

const STANDARD = new Set([
  'rollout_id',
  'attempt_id',
  'sequence_id',
  'trace_id',
  'span_id',
  'parent_id',
  'name',
  'status',
  'attributes',
  'events',
  'links',
  'start_time',
  'end_time',
  'context',
  'parent',
  'resource',
]);

function AttributeTable(props: { attributes: Record<string, unknown> }) {
  const [filter, setFilter] = useState('');
  const masked = maskJson(props.attributes) as Record<string, unknown>;
  const rows = Object.keys(masked)
    .sort()
    .filter(
      (k) =>
        !filter ||
        k.toLowerCase().includes(filter.toLowerCase()) ||
        String(masked[k]).toLowerCase().includes(filter.toLowerCase()),
    );
  return (
    <div>
      <input
        type="search"
        aria-label="Filter attributes"
        placeholder="Filter attributes"
        value={filter}
        onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
      />
      <table class="kv">
        <tbody>
          {rows.map((key) => {
            const value = masked[key];
            const text = typeof value === 'string' ? value : JSON.stringify(value);
            return (
              <tr key={key}>
                <th scope="row" class="mono">
                  {key}
                </th>
                <td class="mono wrap">
                  {isSecretKey(key)
                    ? '[hidden]'
                    : text.length > 1000
                      ? `${text.slice(0, 1000)}…`
                      : text}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function SpanDetail(props: {
  span: WireSpan;
  llm: RegExp;
  sameAs?: string | undefined;
  onSelect: (id: string) => void;
  utc: boolean;
}) {
  const s = props.span;
  const llm = isLlmCall(s, props.llm);
  const reward = spanReward(s);
  const call = useMemo(() => (llm ? extractLlmCall(s) : null), [s, llm]);
  const extra = Object.keys(s).filter((k) => !STANDARD.has(k));
  const tabs = [
    ...(llm ? ['Messages'] : []),
    ...(reward ? ['Reward'] : []),
    'Attributes',
    'Events',
    'Links',
    'Resource',
    'JSON',
    ...(extra.length > 0 ? ['Extra keys'] : []),
  ];
  const [tab, setTab] = useState(tabs[0] as string);
  const active = tabs.includes(tab) ? tab : (tabs[0] as string);
  return (
    <aside class="span-detail" aria-label="Span detail">
      <h2>{s.name}</h2>
      <p>
        <Badge value={s.status?.status_code ?? 'UNSET'} />
        {s.status?.description && <span class="muted"> {s.status.description}</span>}
        {llm && <span class="tag tag-llm">LLM call</span>}
        {reward && <span class="tag tag-reward">★ reward {reward.value}</span>}
      </p>
      <dl class="facts">
        <dt>Span</dt>
        <dd class="mono">
          {s.span_id} <CopyButton text={s.span_id} label="Copy span id" />
        </dd>
        <dt>Parent</dt>
        <dd class="mono">
          {s.parent_id ? (
            <button
              type="button"
              class="link-button"
              onClick={() => props.onSelect(s.parent_id as string)}
            >
              {s.parent_id}
            </button>
          ) : (
            '—'
          )}
        </dd>
        <dt>Trace</dt>
        <dd class="mono">{s.trace_id}</dd>
        <dt>Sequence</dt>
        <dd>{s.sequence_id}</dd>
        <dt>Start</dt>
        <dd>{formatTime(s.start_time, { utc: props.utc, millis: true })}</dd>
        <dt>End</dt>
        <dd>{formatTime(s.end_time, { utc: props.utc, millis: true })}</dd>
        <dt>Duration</dt>
        <dd>
          {s.start_time !== null && s.end_time !== null
            ? formatDuration(s.end_time - s.start_time)
            : '—'}
        </dd>
      </dl>
      <div role="tablist" aria-label="Span detail tabs" class="tabs">
        {tabs.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={t === active}
            onClick={() => setTab(t)}
          >
            {t}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={active}>
        {active === 'Messages' && call && (
          <LlmCallView call={call} sameAs={props.sameAs} onSpan={props.onSelect} />
        )}
        {active === 'Reward' && reward && (
          <div>
            <table class="kv">
              <tbody>
                {reward.dimensions.map((d) => (
                  <tr key={d.name}>
                    <th scope="row">{d.name}</th>
                    <td>{d.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="muted small">
              Source: {reward.source}
              {reward.legacy
                ? ' (legacy: not counted as final reward unless enabled in Settings)'
                : ''}
            </p>
          </div>
        )}
        {active === 'Attributes' && <AttributeTable attributes={s.attributes ?? {}} />}
        {active === 'Events' && <JsonView value={s.events ?? []} name={`${s.span_id}-events`} />}
        {active === 'Links' && <JsonView value={s.links ?? []} name={`${s.span_id}-links`} />}
        {active === 'Resource' && (
          <JsonView value={s.resource ?? null} name={`${s.span_id}-resource`} />
        )}
        {active === 'JSON' && <JsonView value={s} name={s.span_id} />}
        {active === 'Extra keys' && (
          <JsonView
            value={Object.fromEntries(extra.map((k) => [k, s[k]]))}
            name={`${s.span_id}-extra`}
          />
        )}
      </div>
    </aside>
  );
}
