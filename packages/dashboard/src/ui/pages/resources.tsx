import { diffResources, templatePlaceholders } from '../../core/diff';
import { formatCount, formatTime, previewValue } from '../../core/format';
import type { ListSpec } from '../../core/list-state';
import { apiKeyLabel, maskJson, maskString } from '../../core/mask';
import { resourcesListUrl, resourcesUrl, SORTABLE, snapshotCountUrls } from '../../core/query';
import { rolloutsPageHref } from '../../core/rollout-list';
import type { WirePage, WireResources, WireRollout } from '../../core/wire';
import { Badge, CopyButton, ErrorNotice, Link } from '../components/basic';
import { JsonView } from '../components/json-view';
import { ListFrame, pageQuery, sortHeaders, useUrlList } from '../components/list';
import { useQuery } from '../data/cache';
import { useCapabilities, useSettings } from '../hooks';
import { navigate, seg } from '../router';

const SPEC: ListSpec = {
  sortable: SORTABLE.resources,
  sort: 'update_time',
  order: 'desc',
  sizes: [50, 100, 200, 500],
  size: 50,
};

export function ResourcesPage(props: { query: URLSearchParams }) {
  const settings = useSettings();
  const list = useUrlList('/resources', props.query, SPEC);
  const { state, search, setSearch } = list;
  const q = useQuery<WirePage<WireResources>>(resourcesListUrl(pageQuery(list.controls), state.q));
  const latest = useQuery<WireResources | null>(resourcesUrl('latest'));
  const utc = settings.timeZone === 'utc';
  const header = sortHeaders(list.controls);
  return (
    <section>
      <h1>Resources</h1>
      <div class="toolbar">
        <input
          type="search"
          aria-label="Search by Resources ID"
          placeholder="Search by Resources ID"
          value={search}
          onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
        />
        <button type="button" onClick={q.refresh}>
          Refresh
        </button>
      </div>
      <ListFrame what="resources" q={q} list={list.controls} empty="No resources found">
        <table class="data">
          <thead>
            <tr>
              {header('Resources ID', 'resources_id')}
              {header('Version', 'version')}
              {header('Created', 'create_time')}
              {header('Updated', 'update_time')}
              {header('Count')}
              {header('Preview')}
            </tr>
          </thead>
          <tbody>
            {(q.data?.items ?? []).map((r) => (
              <tr key={r.resources_id}>
                <td class="mono">
                  <Link to={`/resources/${seg(r.resources_id)}`}>{r.resources_id}</Link>{' '}
                  <CopyButton text={r.resources_id} label="Copy resources id" />
                  {latest.data?.resources_id === r.resources_id && (
                    <span class="badge tone-blue">latest</span>
                  )}
                </td>
                <td>{r.version}</td>
                <td>{formatTime(r.create_time, { utc })}</td>
                <td>{formatTime(r.update_time, { utc })}</td>
                <td>{Object.keys(r.resources ?? {}).length}</td>
                <td class="mono clamp">{previewValue(maskJson(r.resources), 200)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ListFrame>
    </section>
  );
}

// Every content seen per (id, version) while the page is open: the store keeps no history of one id.
const observed = new Map<string, Map<number, WireResources>>();

function ResourceCard(props: { name: string; value: Record<string, unknown> }) {
  const v = props.value;
  const type = String(v.resource_type ?? 'unknown');
  if (type === 'llm' || type === 'proxy_llm') {
    const sampling = (v.sampling_parameters ?? {}) as Record<string, unknown>;
    return (
      <div class="panel">
        <h3>
          {props.name} <span class="badge tone-violet">{type}</span>
        </h3>
        <p>
          Endpoint: <span class="mono">{String(v.endpoint ?? '—')}</span>
        </p>
        <p>
          Model: <span class="mono">{String(v.model ?? '—')}</span>
        </p>
        <p>API key: {apiKeyLabel(v.api_key)}</p>
        {type === 'proxy_llm' && (
          <p class="muted small">
            Runners call
            &lt;endpoint&gt;/rollout/&lt;rollout_id&gt;/attempt/&lt;attempt_id&gt;[/v1].
          </p>
        )}
        <table class="kv">
          <caption>Sampling parameters</caption>
          <tbody>
            {Object.entries(maskJson(sampling) as Record<string, unknown>).map(([k, val]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{JSON.stringify(val)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  if (type === 'prompt_template') {
    const template = String(v.template ?? '');
    const engine = String(v.engine ?? 'f-string');
    const placeholders = templatePlaceholders(template, engine);
    return (
      <div class="panel">
        <h3>
          {props.name} <span class="badge tone-teal">prompt_template</span>{' '}
          <span class="badge tone-gray">{engine}</span>
        </h3>
        <ol class="template mono">
          {template.split('\n').map((line, i) => (
            <li key={i}>{line || ' '}</li>
          ))}
        </ol>
        <p>
          Placeholders:{' '}
          {placeholders.length > 0
            ? placeholders.join(', ')
            : engine === 'poml'
              ? 'not extracted for poml'
              : 'none'}
        </p>
      </div>
    );
  }
  return (
    <div class="panel">
      <h3>
        {props.name} <span class="badge tone-gray">{type}</span>
      </h3>
      <JsonView value={v} name={props.name} />
    </div>
  );
}

function Diff(props: { before: WireResources; after: WireResources; title: string }) {
  const diffs = diffResources(props.before.resources ?? {}, props.after.resources ?? {});
  return (
    <div class="diff" data-testid="resources-diff">
      <h2>{props.title}</h2>
      <ul>
        {diffs.map((d) => (
          <li key={d.name}>
            <strong>{d.name}</strong> <span class={`badge diff-${d.kind}`}>{d.kind}</span>
            {d.fields
              .filter((f) => f.path !== 'template')
              .map((f) => (
                <div key={f.path} class="mono small">
                  {f.path}: {maskString(f.before)} → {maskString(f.after)}
                </div>
              ))}
            {d.secrets.map((s) => (
              <div key={s.path} class="mono small">
                {s.path}: {s.changed ? 'changed (hidden)' : 'unchanged (hidden)'}
              </div>
            ))}
            {d.template && (
              <pre class="line-diff">
                {d.template.map((line, i) => (
                  <div key={i} class={`diff-line ${line.kind}`}>
                    {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
                    {line.text}
                  </div>
                ))}
              </pre>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * One status's count of a snapshot's rollouts, read from a one-row page's `total`, linking to
 * exactly those rollouts (rendered only on servers that apply `resources_id_in`, so the link's
 * list is the counted one).
 */
function SnapshotCount(props: { resourcesId: string; status: string; url: string }) {
  const q = useQuery<WirePage<WireRollout>>(props.url);
  return (
    <li data-status={props.status}>
      <Link to={rolloutsPageHref({ status: [props.status], resourcesId: [props.resourcesId] })}>
        <Badge value={props.status} />{' '}
        <span class="count">{q.data ? formatCount(q.data.total) : '…'}</span>
      </Link>
    </li>
  );
}

function SnapshotRollouts(props: { resourcesId: string }) {
  const caps = useCapabilities();
  const urls = snapshotCountUrls(props.resourcesId, caps.rollout_filters);
  if (!urls)
    return <p class="muted">Rollouts using this snapshot: Not available on this server.</p>;
  return (
    <div class="card">
      <h2>Rollouts using this snapshot</h2>
      <ul class="counts" data-testid="snapshot-rollout-counts">
        {urls.map(({ status, url }) => (
          <SnapshotCount key={status} resourcesId={props.resourcesId} status={status} url={url} />
        ))}
      </ul>
    </div>
  );
}

export function ResourceDetailPage(props: { resourcesId: string; query: URLSearchParams }) {
  const settings = useSettings();
  const q = useQuery<WireResources | null>(resourcesUrl(props.resourcesId));
  const all = useQuery<WirePage<WireResources>>(
    resourcesListUrl({ limit: 1000, offset: 0, sortBy: 'create_time', sortOrder: 'desc' }),
  );
  const latest = useQuery<WireResources | null>(resourcesUrl('latest'));
  const compareId = props.query.get('compare');
  const snapshots = all.data?.items ?? [];
  const current = q.data;
  const previous = current
    ? snapshots.filter(
        (s) =>
          s.create_time < current.create_time ||
          (s.create_time === current.create_time && s.resources_id !== current.resources_id),
      )[0]
    : undefined;
  const targetId = compareId ?? previous?.resources_id ?? null;
  const target = useQuery<WireResources | null>(targetId ? resourcesUrl(targetId) : null);
  if (current) {
    const versions = observed.get(current.resources_id) ?? new Map();
    versions.set(current.version, current);
    observed.set(current.resources_id, versions);
  }
  if (q.error && !q.data) return <ErrorNotice what="resources" error={q.error} />;
  if (q.data === undefined)
    return (
      <div class="skeleton" aria-busy="true">
        Loading…
      </div>
    );
  if (current === null || current === undefined)
    return <h1>Resources {props.resourcesId} not found</h1>;
  const seen = [...(observed.get(current.resources_id)?.values() ?? [])].sort(
    (a, b) => a.version - b.version,
  );
  const olderSeen = seen.filter((s) => s.version < current.version).pop();
  const utc = settings.timeZone === 'utc';
  return (
    <section>
      <h1>
        Resources <span class="mono">{current.resources_id}</span>{' '}
        {latest.data?.resources_id === current.resources_id && (
          <span class="badge tone-blue">latest</span>
        )}
      </h1>
      <p>
        Version {current.version} · created {formatTime(current.create_time, { utc })} · updated{' '}
        {formatTime(current.update_time, { utc })}
      </p>
      <div class="panels">
        {Object.entries(current.resources ?? {}).map(([name, value]) => (
          <ResourceCard key={name} name={name} value={value} />
        ))}
      </div>
      <SnapshotRollouts resourcesId={current.resources_id} />
      <label>
        Compare with{' '}
        <select
          value={targetId ?? ''}
          onChange={(e) =>
            navigate(
              `/resources/${seg(current.resources_id)}?compare=${seg((e.target as HTMLSelectElement).value)}`,
              { replace: true },
            )
          }
        >
          <option value="">(none)</option>
          {snapshots
            .filter((s) => s.resources_id !== current.resources_id)
            .map((s) => (
              <option key={s.resources_id} value={s.resources_id}>
                {s.resources_id} (v{s.version})
              </option>
            ))}
        </select>
      </label>
      {target.data && (
        <Diff
          before={target.data}
          after={current}
          title={`Compare ${target.data.resources_id} → ${current.resources_id}`}
        />
      )}
      {olderSeen && (
        <Diff
          before={olderSeen}
          after={current}
          title={`Compare v${olderSeen.version} → v${current.version} (observed by this browser)`}
        />
      )}
      <details>
        <summary>JSON</summary>
        <JsonView value={current} name={current.resources_id} />
      </details>
    </section>
  );
}
