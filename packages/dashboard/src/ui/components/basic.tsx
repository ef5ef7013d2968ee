import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { maskString } from '../../core/mask';
import type { StoreRequestError } from '../data/api';
import { href, navigate } from '../router';

export function Link(props: {
  to: string;
  children: ComponentChildren;
  class?: string;
  title?: string;
}) {
  return (
    <a
      href={href(props.to)}
      class={props.class}
      title={props.title}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}

const TONES: Record<string, string> = {
  queuing: 'gray',
  preparing: 'violet',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
  cancelled: 'gray',
  requeuing: 'gray',
  timeout: 'orange',
  unresponsive: 'orange',
  busy: 'orange',
  idle: 'teal',
  unknown: 'gray',
  UNSET: 'gray',
  OK: 'teal',
  ERROR: 'red',
  fresh: 'teal',
  stale: 'orange',
  lost: 'red',
  never: 'gray',
};

/** A status badge: colour plus its text (colour is never the only signal). */
export function Badge(props: { value: string; label?: string }) {
  return (
    <span class={`badge tone-${TONES[props.value] ?? 'gray'}`}>{props.label ?? props.value}</span>
  );
}

export function CopyButton(props: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      class="icon-button"
      aria-label={props.label ?? 'Copy'}
      title={props.label ?? 'Copy'}
      onClick={(event) => {
        event.stopPropagation();
        void navigator.clipboard?.writeText(maskString(props.text)).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 1000);
        });
      }}
    >
      {done ? 'copied' : 'copy'}
    </button>
  );
}

export function ErrorNotice(props: { what: string; error: StoreRequestError; stale?: number }) {
  const [showTrace, setShowTrace] = useState(false);
  const e = props.error;
  return (
    <div class="notice error" role="alert">
      {props.stale ? (
        <p>
          Unable to refresh {props.what}. Showing data from{' '}
          {new Date(props.stale).toLocaleTimeString()} — retrying automatically.
        </p>
      ) : (
        <p>
          {props.what[0]?.toUpperCase()}
          {props.what.slice(1)} are temporarily unavailable (
          {e.status ? `status: ${e.status}` : e.detail}).
        </p>
      )}
      {e.status !== 0 && (e.errorType || e.detail) && (
        <p class="muted">
          {e.errorType ? `${e.errorType}: ` : ''}
          {e.detail}
        </p>
      )}
      {e.traceback && e.status !== 0 && (
        <>
          <button type="button" class="link-button" onClick={() => setShowTrace(!showTrace)}>
            {showTrace ? 'Hide server traceback' : 'Show server traceback'}
          </button>
          {showTrace && <pre class="traceback">{e.traceback}</pre>}
        </>
      )}
    </div>
  );
}

export function Pager(props: {
  page: number;
  size: number;
  total: number;
  sizes: readonly number[];
  onPage: (page: number) => void;
  onSize: (size: number) => void;
}) {
  const last = Math.max(1, Math.ceil(props.total / props.size));
  const first = props.total === 0 ? 0 : (props.page - 1) * props.size + 1;
  const lastRow = Math.min(props.total, props.page * props.size);
  return (
    <nav class="pager" aria-label="Pagination">
      <span>
        {first.toLocaleString('en-US')}–{lastRow.toLocaleString('en-US')} of{' '}
        {props.total.toLocaleString('en-US')}
      </span>
      <button
        type="button"
        disabled={props.page <= 1}
        onClick={() => props.onPage(1)}
        aria-label="First page"
      >
        «
      </button>
      <button
        type="button"
        disabled={props.page <= 1}
        onClick={() => props.onPage(props.page - 1)}
        aria-label="Previous page"
      >
        ‹
      </button>
      <label>
        Page{' '}
        <input
          type="number"
          min={1}
          max={last}
          value={props.page}
          onChange={(e) =>
            props.onPage(
              Math.min(last, Math.max(1, Number((e.target as HTMLInputElement).value) || 1)),
            )
          }
        />{' '}
        of {last}
      </label>
      <button
        type="button"
        disabled={props.page >= last}
        onClick={() => props.onPage(props.page + 1)}
        aria-label="Next page"
      >
        ›
      </button>
      <button
        type="button"
        disabled={props.page >= last}
        onClick={() => props.onPage(last)}
        aria-label="Last page"
      >
        »
      </button>
      <label>
        Rows per page{' '}
        <select
          value={props.size}
          onChange={(e) => props.onSize(Number((e.target as HTMLSelectElement).value))}
        >
          {props.sizes.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}

/** A right-side dialog with a focus trap; Esc closes and returns focus to the opener. */
export function Drawer(props: {
  title: ComponentChildren;
  onClose: () => void;
  children: ComponentChildren;
  openPage?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('button, a, input, [tabindex]')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        props.onClose();
      }
      if (event.key !== 'Tab' || !ref.current) return;
      const focusable = [
        ...ref.current.querySelectorAll<HTMLElement>(
          'button, a[href], input, select, [tabindex="0"]',
        ),
      ];
      if (focusable.length === 0) return;
      const first = focusable[0] as HTMLElement;
      const last = focusable[focusable.length - 1] as HTMLElement;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      opener?.focus();
    };
  }, []);
  return (
    <div class="drawer-backdrop" onClick={props.onClose}>
      <div
        class="drawer"
        role="dialog"
        aria-modal="true"
        aria-label="Details"
        ref={ref}
        onClick={(e) => e.stopPropagation()}
      >
        <header class="drawer-head">
          <h2>{props.title}</h2>
          <span class="spacer" />
          {props.openPage && (
            <a
              href={href(props.openPage)}
              onClick={(e) => {
                e.preventDefault();
                navigate(props.openPage as string);
              }}
            >
              Open page
            </a>
          )}
          <button type="button" class="icon-button" aria-label="Close" onClick={props.onClose}>
            ✕
          </button>
        </header>
        <div class="drawer-body">{props.children}</div>
      </div>
    </div>
  );
}

export function SortHeader(props: {
  label: string;
  field?: string;
  sort: string;
  order: 'asc' | 'desc';
  onSort: (field: string, order: 'asc' | 'desc') => void;
}) {
  if (!props.field) return <th scope="col">{props.label}</th>;
  const active = props.sort === props.field;
  const next = active && props.order === 'desc' ? 'asc' : 'desc';
  return (
    <th
      scope="col"
      aria-sort={active ? (props.order === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        class="sort-button"
        onClick={() => props.onSort(props.field as string, next)}
      >
        {props.label} {active ? (props.order === 'asc' ? '▲' : '▼') : '↕'}
      </button>
    </th>
  );
}

export function Empty(props: { text: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p>{props.text}</p>
      {props.children}
    </div>
  );
}
