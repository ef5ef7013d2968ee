import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDuration } from '../../core/format';
import {
  ROW_FLAGS,
  ROW_KINDS,
  type RowKind,
  rowId,
  rowIndexOf,
  rowLabel,
  rowPathsTo,
  type SpanRowModel,
  visibleIndices,
} from '../../core/span-rows';
import { barLayout } from '../../core/span-tree';
import type { SpansClient } from '../data/spans';
import { useWindow } from '../hooks';

const ROW = 26;

export interface TraceViewProps {
  /** The attempt's tree as rows (built by the spans worker). */
  model: SpanRowModel;
  running: boolean;
  now: number;
  selected: string | null;
  onSelect: (spanId: string) => void;
  mode: 'waterfall' | 'tree';
  /** Answers span searches (they run in the worker, over masked text). */
  client: SpansClient | null;
}

const num = (value: number) => (Number.isNaN(value) ? null : value);

export function TraceView(props: TraceViewProps) {
  const { model } = props;
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [search, setSearch] = useState('');
  const [matchList, setMatchList] = useState<Int32Array>(new Int32Array(0));
  const [matchIndex, setMatchIndex] = useState(0);
  const [zoom, setZoom] = useState<{ t0: number; t1: number } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  // Collapsed state is kept by span id, so it survives a new model after a live update.
  const rows = useMemo(
    () =>
      visibleIndices(
        model,
        collapsed.size === 0 ? () => false : (i) => collapsed.has(rowId(model, i)),
      ),
    [model, collapsed],
  );
  const indexOf = (id: string) => rowIndexOf(model, id);
  const rowOf = useMemo(() => {
    let map: Map<number, number> | null = null;
    return (index: number) => {
      map ??= new Map(Array.from(rows, (x, i) => [x, i]));
      return map.get(index);
    };
  }, [rows]);
  useEffect(() => {
    const term = search.trim();
    if (!term || !props.client) {
      setMatchList(new Int32Array(0));
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      void props.client
        ?.search(term)
        .then((found) => !stale && setMatchList(found))
        .catch(() => undefined);
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [search, model, props.client]);
  const matches = useMemo(() => new Set(matchList), [matchList]);
  const kindOf = (i: number): RowKind => ROW_KINDS[model.kind[i] as number] ?? 'plain';
  const { start, end } = useWindow(scroller, rows.length, ROW);
  const t0 = zoom?.t0 ?? model.t0 ?? 0;
  const t1 = zoom?.t1 ?? Math.max(model.t1 ?? t0, props.running ? props.now : 0, t0 + 0.001);
  const selectedIndex = props.selected ? indexOf(props.selected) : undefined;
  const childrenIds = () => {
    const out = new Set<string>();
    for (let i = 0; i < model.count; i++)
      if ((model.children[i] as number) > 0) out.add(rowId(model, i));
    return out;
  };

  const scrollTo = (index: number) => {
    const row = rowOf(index);
    const element = scroller.current;
    if (row === undefined || !element) return;
    const top = row * ROW;
    if (top < element.scrollTop || top > element.scrollTop + element.clientHeight - ROW * 2)
      element.scrollTop = Math.max(0, top - element.clientHeight / 3);
  };
  useEffect(() => {
    if (selectedIndex === undefined) return;
    // Open the ancestors of a selected span (deep link) so its row exists.
    const open: string[] = [];
    for (let p = model.parent[selectedIndex] as number; p >= 0; p = model.parent[p] as number)
      if (collapsed.has(rowId(model, p))) open.push(rowId(model, p));
    if (open.length > 0) setCollapsed((c) => new Set([...c].filter((id) => !open.includes(id))));
  }, [props.selected, model]);
  useEffect(() => {
    if (selectedIndex !== undefined) scrollTo(selectedIndex);
  }, [props.selected, rows]);

  const isSpan = (i: number) => ((model.flags[i] as number) & ROW_FLAGS.virtual) === 0;
  const select = (i: number | undefined) => {
    if (i !== undefined && isSpan(i)) props.onSelect(rowId(model, i));
  };
  const nextOf = (predicate: (index: number) => boolean, direction: 1 | -1) => {
    const from = selectedIndex !== undefined ? (rowOf(selectedIndex) ?? -1) : -1;
    for (let step = 1; step <= rows.length; step++) {
      const i = rows[(from + direction * step + rows.length * 2) % rows.length] as number;
      if (isSpan(i) && predicate(i)) return select(i);
    }
  };
  const onKey = (event: KeyboardEvent) => {
    if ((event.target as HTMLElement).tagName === 'INPUT') return;
    const row = selectedIndex !== undefined ? (rowOf(selectedIndex) ?? 0) : -1;
    const node = rows[row];
    const id = node === undefined ? undefined : rowId(model, node);
    const handled = () => event.preventDefault();
    switch (event.key) {
      case 'ArrowDown': {
        handled();
        for (let r = row + 1; r < rows.length; r++)
          if (isSpan(rows[r] as number)) return select(rows[r]);
        return;
      }
      case 'ArrowUp': {
        handled();
        for (let r = row - 1; r >= 0; r--) if (isSpan(rows[r] as number)) return select(rows[r]);
        return;
      }
      case 'ArrowRight':
        handled();
        if (id && collapsed.has(id)) setCollapsed(new Set([...collapsed].filter((x) => x !== id)));
        return;
      case 'ArrowLeft':
        handled();
        if (node !== undefined && id && (model.children[node] as number) > 0 && !collapsed.has(id))
          setCollapsed(new Set([...collapsed, id]));
        else if (node !== undefined && (model.parent[node] as number) >= 0)
          select(model.parent[node]);
        return;
      case 'e':
        return setCollapsed(new Set());
      case 'c':
        return setCollapsed(childrenIds());
      case 'n':
        return nextOf((i) => matches.has(i), 1);
      case 'N':
        return nextOf((i) => matches.has(i), -1);
      case 'l':
        return nextOf((i) => kindOf(i) === 'llm', 1);
      case 'L':
        return nextOf((i) => kindOf(i) === 'llm', -1);
      case 'w':
        return nextOf((i) => kindOf(i) === 'reward', 1);
      case 'W':
        return nextOf((i) => kindOf(i) === 'reward', -1);
      case 'z': {
        const s = selectedIndex === undefined ? null : num(model.start[selectedIndex] as number);
        if (s !== null && selectedIndex !== undefined)
          setZoom({
            t0: s,
            t1: Math.max(num(model.end[selectedIndex] as number) ?? props.now, s + 0.001),
          });
        return;
      }
    }
  };
  const untimed = useMemo(() => {
    let n = 0;
    for (let i = model.count - 1; i >= 0 && (model.flags[i] as number) & ROW_FLAGS.untimed; i--)
      n++;
    return n;
  }, [model]);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ f, label: formatDuration((t1 - t0) * f) }));
  return (
    <div class="trace-view">
      <div class="toolbar">
        <button type="button" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button type="button" onClick={() => setCollapsed(childrenIds())}>
          Collapse all
        </button>
        <button
          type="button"
          onClick={() => {
            const keep = rowPathsTo(model, (i) => kindOf(i) === 'llm' || kindOf(i) === 'reward');
            const next = new Set<string>();
            for (let i = 0; i < model.count; i++)
              if ((model.children[i] as number) > 0 && !keep.has(i)) next.add(rowId(model, i));
            setCollapsed(next);
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
              const list = rows.filter((i) => matches.has(i));
              select(list[matchIndex % Math.max(1, list.length)]);
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
          {Array.from(rows.subarray(start, end), (index, i) => {
            const id = rowId(model, index);
            const kind = kindOf(index);
            const flags = model.flags[index] as number;
            const error = (flags & ROW_FLAGS.error) !== 0;
            const virtual = (flags & ROW_FLAGS.virtual) !== 0;
            const reward = kind === 'reward' ? num(model.reward[index] as number) : null;
            const note = model.notes.get(index) ?? null;
            const childCount = model.children[index] as number;
            const hasChildren = childCount > 0;
            const open = !collapsed.has(id);
            const nodeStart = num(model.start[index] as number);
            const nodeEnd = num(model.end[index] as number);
            const bar =
              nodeStart !== null
                ? barLayout(nodeStart, nodeEnd, { t0, t1, now: props.running ? props.now : null })
                : null;
            const label = rowLabel(model, index);
            const depth = model.depth[index] as number;
            return (
              <div
                key={id}
                role="row"
                data-span-id={id}
                aria-level={depth + 1}
                aria-expanded={hasChildren ? open : undefined}
                aria-selected={props.selected === id}
                class={`span-row kind-${kind}${error ? ' error' : ''}${props.selected === id ? ' selected' : ''}${matches.has(index) ? ' match' : ''}${virtual ? ' virtual' : ''}`}
                style={{ top: `${(start + i) * ROW}px` }}
                onClick={() => select(index)}
              >
                <div
                  role="gridcell"
                  class="span-name"
                  style={{ paddingLeft: `${depth * 14 + 4}px` }}
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
                        if (open) next.add(id);
                        else next.delete(id);
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
                  {reward !== null && (
                    <span class="tag tag-reward">★ {Math.round(reward * 1000) / 1000}</span>
                  )}
                  {error && <span class="tag tag-error">error</span>}
                  {(flags & (ROW_FLAGS.virtual | ROW_FLAGS.cycle)) !== 0 && (
                    <span class="tag tag-warn">⚠</span>
                  )}
                  <span class="name-text">{label}</span>
                  {props.mode === 'tree' && (
                    <span class="muted small">
                      {' '}
                      {nodeStart !== null && nodeEnd !== null
                        ? formatDuration(nodeEnd - nodeStart)
                        : ''}
                      {hasChildren ? ` · ${childCount} children` : ''}
                    </span>
                  )}
                </div>
                {props.mode === 'waterfall' && (
                  <div role="gridcell" class="span-bar-cell">
                    {bar ? (
                      <span
                        class={`bar${bar.open ? (props.running ? ' open' : ' unfinished') : ''}`}
                        style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%` }}
                        title={`+${formatDuration((nodeStart ?? t0) - t0)} · ${nodeEnd !== null && nodeStart !== null ? formatDuration(nodeEnd - nodeStart) : 'no end time'}`}
                      >
                        {reward !== null && <span class="star">★</span>}
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
                      {note
                        ? note
                        : nodeStart !== null && nodeEnd !== null
                          ? formatDuration(nodeEnd - nodeStart)
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
      {untimed > 0 && <p class="muted small">Untimed spans: {untimed} (listed at the bottom)</p>}
    </div>
  );
}
