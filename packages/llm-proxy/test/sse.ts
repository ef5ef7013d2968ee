/** Reads a server-sent-event body into its `data:` payloads, with the arrival time of each. */
export interface SseEvent {
  data: string;
  event: string | null;
  at: number;
}

export async function readSse(response: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event: string | null = null;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('data: ')) data.push(line.slice(6));
        else if (line.startsWith('event: ')) event = line.slice(7);
      }
      if (data.length > 0) events.push({ data: data.join('\n'), event, at: performance.now() });
      cut = buffer.indexOf('\n\n');
    }
  }
  return events;
}

/** The JSON payloads of an SSE stream, `[DONE]` excluded. */
export function payloads(events: readonly SseEvent[]): Array<Record<string, unknown>> {
  return events
    .filter((e) => e.data !== '[DONE]')
    .map((e) => JSON.parse(e.data) as Record<string, unknown>);
}
