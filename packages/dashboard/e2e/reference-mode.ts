/**
 * Makes our store app answer like the Python v0.3.0 server where the
 * dashboard can tell the difference: health without capabilities, no event,
 * batch or extension routes, `mode_in`/`resources_id_in` ignored, an unknown
 * rollout id answered 500 `ResponseValidationError`, evicted spans 500
 * `RuntimeError`.
 *
 * @param fetch - our app's fetch
 */
export function referenceMode(
  fetch: (request: Request) => Response | Promise<Response>,
): (request: Request) => Promise<Response> {
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  return async (request) => {
    const url = new URL(request.url);
    const p = url.pathname;
    if (p === '/v1/agl/health') return json({ status: 'ok' });
    if (/^\/v1\/agl\/(events|rewards|timeseries|spans\/batch|spans\/next\/batch)$/.test(p))
      return json({ detail: 'Not Found' }, 404);
    url.searchParams.delete('mode_in');
    url.searchParams.delete('resources_id_in');
    const response = await fetch(new Request(url, request));
    if (request.method === 'GET' && /^\/v1\/agl\/rollouts\/[^/]+$/.test(p)) {
      const text = await response.clone().text();
      if (response.status === 200 && text === 'null')
        return json(
          {
            detail: 'Internal server error',
            error_type: 'ResponseValidationError',
            traceback:
              'Traceback (most recent call last):\n  fastapi.exceptions.ResponseValidationError',
          },
          500,
        );
    }
    if (response.status === 409 && p === '/v1/agl/spans') {
      const body = (await response.clone().json()) as { detail?: string };
      return json(
        {
          detail: 'Internal server error',
          error_type: 'RuntimeError',
          traceback: `RuntimeError: ${body.detail ?? 'spans evicted'}`,
        },
        500,
      );
    }
    return response;
  };
}
