import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDuration } from '../../core/format';
import { maskJson } from '../../core/mask';
import { extractLlmCall } from '../../core/messages';
import {
  barLayout,
  pathsTo,
  type SpanNode,
  type SpanTree,
  visibleRows,
} from '../../core/span-tree';
import type { WireSpan } from '../../core/wire';
import { useWindow } from '../hooks';
import { classifySpans, type SpanFacts } from '../span-kinds';

const ROW = 26;

function searchable(span: WireSpan): string {
  // Search runs over masked text only, so a secret can never be found.
  return `${span.name}\n${span.span_id}\n${JSON.stringify(maskJson(span.attributes ?? {}))}`.toLowerCase();
}

export interface TraceViewProps {
  tree: SpanTree;
  running: boolean;
  now: number;
  llm: RegExp;
  selected: string | null;
  onSelect: (spanId: string) => void;
  mode: 'waterfall' | 'tree';
  /** Precomputed kinds and rewards (computed here when absent). */
  facts?: SpanFacts;
}

export function TraceView(props: TraceViewProps) {
  const { tree } = props;
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [search, setSearch] = useState('');
  const [matchIndex, setMatchIndex] = useState(0);
  const [zoom, setZoom] = useState<{ t0: number; t1: number } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => visibleRows(tree, (id) => !collapsed.has(id)), [tree, collapsed]);
  const facts = useMemo(
    () =>
      props.facts ??
      classifySpans(
        [...tree.byId.values()].flatMap((n) => (n.span ? [n.span] : [])),
        props.llm,
      ),
    [tree, props.llm, props.facts],
  );
  const kinds = facts.kinds;
  const matches = useMemo(() => {
    const term = search.trim().toLowerCase();
    if (!term) return new Set<string>();
    const out = new Set<string>();
    for (const node of tree.byId.values())
      if (node.span && searchable(node.span).includes(term)) out.add(node.id);
    return out;
  }, [tree, search]);
  const rowIndex = useMemo(() => new Map(rows.map((node, i) => [node.id, i])), [rows]);
  const { start, end } = useWindow(scroller, rows.length, ROW);
  const t0 = zoom?.t0 ?? tree.t0 ?? 0;
  const t1 = zoom?.t1 ?? Math.max(tree.t1 ?? t0, props.running ? props.now : 0, t0 + 0.001);

  const scrollTo = (id: string) => {
    const index = rowIndex.get(id);
    const element = scroller.current;
    if (index === undefined || !element) return;
    const top = index * ROW;
    if (top < element.scrollTop || top > element.scrollTop + element.clientHeight - ROW * 2)
      element.scrollTop = Math.max(0, top - element.clientHeight / 3);
  };
  useEffect(() => {
    if (props.selected) {
      // Open the ancestors of a selected span (deep link) so its row exists.
      let parent = tree.byId.get(props.selected)?.parentId ?? null;
      const open: string[] = [];
      while (parent) {
        if (collapsed.has(parent)) open.push(parent);
        parent = tree.byId.get(parent)?.parentId ?? null;
      }
      if (open.length > 0) setCollapsed((c) => new Set([...c].filter((id) => !open.includes(id))));
    }
  }, [props.selected, tree]);
  useEffect(() => {
    if (props.selected) scrollTo(props.selected);
  }, [props.selected, rowIndex]);

  const nextOf = (predicate: (node: SpanNode) => boolean, direction: 1 | -1) => {
    const from = props.selected ? (rowIndex.get(props.selected) ?? -1) : -1;
    for (let step = 1; step <= rows.length; step++) {
      const node = rows[(from + direction * step + rows.length * 2) % rows.length] as SpanNode;
      if (node.span && predicate(node)) return props.onSelect(node.id);
    }
  };
  const onKey = (event: KeyboardEvent) => {
    if ((event.target as HTMLElement).tagName === 'INPUT') return;
    const index = props.selected ? (rowIndex.get(props.selected) ?? 0) : -1;
    const node = rows[index];
    const select = (n: SpanNode | undefined) => n?.span && props.onSelect(n.id);
    const handled = () => event.preventDefault();
    switch (event.key) {
      case 'ArrowDown':
        handled();
        return select(rows.slice(index + 1).find((n) => n.span));
      case 'ArrowUp':
        handled();
        return select([...rows.slice(0, Math.max(index, 0))].reverse().find((n) => n.span));
      case 'ArrowRight':
        handled();
        if (node && collapsed.has(node.id))
          setCollapsed(new Set([...collapsed].filter((id) => id !== node.id)));
        return;
      case 'ArrowLeft':
        handled();
        if (node && node.children.length > 0 && !collapsed.has(node.id))
          setCollapsed(new Set([...collapsed, node.id]));
        else if (node?.parentId) select(tree.byId.get(node.parentId));
        return;
      case 'e':
        return setCollapsed(new Set());
      case 'c':
        return setCollapsed(
          new Set([...tree.byId.values()].filter((n) => n.children.length > 0).map((n) => n.id)),
        );
      case 'n':
        return nextOf((n) => matches.has(n.id), 1);
      case 'N':
        return nextOf((n) => matches.has(n.id), -1);
      case 'l':
        return nextOf((n) => kinds.get(n.id) === 'llm', 1);
      case 'L':
        return nextOf((n) => kinds.get(n.id) === 'llm', -1);
      case 'w':
        return nextOf((n) => kinds.get(n.id) === 'reward', 1);
      case 'W':
        return nextOf((n) => kinds.get(n.id) === 'reward', -1);
      case 'z': {
        const s = props.selected ? tree.byId.get(props.selected) : undefined;
        if (s?.start != null)
          setZoom({ t0: s.start, t1: Math.max(s.end ?? props.now, s.start + 0.001) });
        return;
      }
    }
  };
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ f, label: formatDuration((t1 - t0) * f) }));
  return (
    <div class="trace-view">
      <div class="toolbar">
        <button type="button" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button
          type="button"
          onClick={() =>
            setCollapsed(
              new Set(
                [...tree.byId.values()].filter((n) => n.children.length > 0).map((n) => n.id),
              ),
            )
          }
        >
          Collapse all
        </button>
        <button
          type="button"
          onClick={() => {
            const keep = pathsTo(
              tree,
              (n) => kinds.get(n.id) === 'llm' || kinds.get(n.id) === 'reward',
            );
            setCollapsed(
              new Set(
                [...tree.byId.values()]
                  .filter((n) => n.children.length > 0 && !keep.has(n.id))
                  .map((n) => n.id),
              ),
            );
          }}
        >
          Collapse to LLM calls
        </button>
        <input
          type="search"
          aria-label="Search spans"
          placeholder="Search spans (name, id, attributes)"
          value={search}
          onInput={(e) => {
            setSearch((e.target as HTMLInputElement).value);
            setMatchIndex(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              const list = rows.filter((n) => matches.has(n.id));
              const target = list[matchIndex % Math.max(1, list.length)];
              if (target) props.onSelect(target.id);
              setMatchIndex(matchIndex + 1);
            }
          }}
        />
        {search && (
          <span class="muted" role="status">
            {matches.size} matching spans
          </span>
        )}
        {zoom ? (
          <button type="button" onClick={() => setZoom(null)}>
            Reset zoom
          </button>
        ) : (
          props.mode === 'waterfall' &&
          props.selected && (
            <button type="button" onClick={() => onKey(new KeyboardEvent('keydown', { key: 'z' }))}>
              Zoom to selection
            </button>
          )
        )}
      </div>
      {props.mode === 'waterfall' && (
        <div class="axis" aria-hidden="true">
          <span class="axis-name" />
          <span class="axis-scale">
            {ticks.map((t) => (
              <span key={t.f} style={{ left: `${t.f * 100}%` }}>
                {t.label}
              </span>
            ))}
          </span>
        </div>
      )}
      <div
        class="tree-scroll"
        ref={scroller}
        role="treegrid"
        aria-label={props.mode === 'waterfall' ? 'Span waterfall' : 'Span tree'}
        aria-rowcount={rows.length}
        tabIndex={0}
        onKeyDown={onKey}
      >
        <div style={{ height: `${rows.length * ROW}px`, position: 'relative' }}>
          {rows.slice(start, end).map((node, i) => {
            const kind = kinds.get(node.id) ?? 'plain';
            const span = node.span;
            const error = span?.status?.status_code === 'ERROR';
            const reward = kind === 'reward' ? (facts.rewards.get(node.id) ?? null) : null;
            const call = kind === 'llm' && span ? extractLlmCall(span) : null;
            const hasChildren = node.children.length > 0;
            const open = !collapsed.has(node.id);
            const bar =
              node.start !== null
                ? barLayout(node.start, node.end, { t0, t1, now: props.running ? props.now : null })
                : null;
            const label = node.missingParent
              ? `missing parent ${node.missingParent.slice(0, 8)}`
              : `${span?.name ?? ''}${node.cycle ? ' (cycle in parent ids)' : ''}`;
            return (
              <div
                key={node.id}
                role="row"
                data-span-id={node.id}
                aria-level={node.depth + 1}
                aria-expanded={hasChildren ? open : undefined}
                aria-selected={props.selected === node.id}
                class={`span-row kind-${kind}${error ? ' error' : ''}${props.selected === node.id ? ' selected' : ''}${matches.has(node.id) ? ' match' : ''}${node.missingParent ? ' virtual' : ''}`}
                style={{ top: `${(start + i) * ROW}px` }}
                onClick={() => span && props.onSelect(node.id)}
              >
                <div
                  role="gridcell"
                  class="span-name"
                  style={{ paddingLeft: `${node.depth * 14 + 4}px` }}
                >
                  {hasChildren ? (
                    <button
                      type="button"
                      class="chevron"
                      tabIndex={-1}
                      aria-label={open ? 'Collapse' : 'Expand'}
                      onClick={(e) => {
                        e.stopPropagation();
                        const next = new Set(collapsed);
                        if (open) next.add(node.id);
                        else next.delete(node.id);
                        setCollapsed(next);
                      }}
                    >
                      {open ? '▾' : '▸'}
                    </button>
                  ) : (
                    <span class="chevron-space" />
                  )}
                  {kind === 'llm' && <span class="tag tag-llm">LLM</span>}
                  {kind === 'tool' && <span class="tag tag-tool">tool</span>}
                  {reward && (
                    <span class="tag tag-reward">★ {Math.round(reward.value * 1000) / 1000}</span>
                  )}
                  {error && <span class="tag tag-error">error</span>}
                  {(node.missingParent || node.cycle) && <span class="tag tag-warn">⚠</span>}
                  <span class="name-text">{label}</span>
                  {props.mode === 'tree' && (
                    <span class="muted small">
                      {' '}
                      {node.start !== null && node.end !== null
                        ? formatDuration(node.end - node.start)
                        : ''}
                      {hasChildren ? ` · ${node.children.length} children` : ''}
                    </span>
                  )}
                </div>
                {props.mode === 'waterfall' && (
                  <div role="gridcell" class="span-bar-cell">
                    {bar ? (
                      <span
                        class={`bar${bar.open ? (props.running ? ' open' : ' unfinished') : ''}`}
                        style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%` }}
                        title={`+${formatDuration((node.start ?? t0) - t0)} · ${node.end !== null && node.start !== null ? formatDuration(node.end - node.start) : 'no end time'}`}
                      >
                        {reward && <span class="star">★</span>}
                      </span>
                    ) : (
                      <span class="muted small">untimed</span>
                    )}
                    <span
                      class="bar-label"
                      style={{
                        left: `${Math.min((bar?.left ?? 0) + (bar?.width ?? 0), 0.8) * 100}%`,
                      }}
                    >
                      {call
                        ? `${call.model ?? 'model?'} · ${call.inputTokens ?? '?'}→${call.outputTokens ?? '?'} tokens`
                        : node.start !== null && node.end !== null
                          ? formatDuration(node.end - node.start)
                          : bar?.open && !props.running
                            ? 'no end time'
                            : ''}
                    </span>
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {tree.untimed.length > 0 && (
        <p class="muted small">Untimed spans: {tree.untimed.length} (listed at the bottom)</p>
      )}
    </div>
  );
}
