import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@agl/store-core';
import type { AgentLightningServerOptions } from '../src/server/options';
import { AgentLightningServer } from '../src/server/server';

/** One logged line. */
export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** A logger that records every line instead of printing it. */
export function recordingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (message: string) => lines.push({ level, message });
  return {
    lines,
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
  };
}

/** A logger that drops everything. */
export const quietLogger: Logger = recordingLogger().logger;

/** Starts a legacy server on a free port with a quiet logger. */
export async function startLegacyServer(
  options: AgentLightningServerOptions = {},
): Promise<AgentLightningServer> {
  const server = new AgentLightningServer({ port: 0, logger: quietLogger, ...options });
  await server.start();
  return server;
}

/** A request seen by a stub server. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a stub answers: a JSON body with a status, raw text, or `hang` (never answer). */
export type StubAnswer = { status?: number; json?: unknown; text?: string } | 'hang';

/** A plain HTTP server that records requests and answers what `handler` says. */
export async function startStub(handler: (request: SeenRequest) => StubAnswer) {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      const answer = handler(seen);
      if (answer === 'hang') return;
      const text = answer.text ?? JSON.stringify(answer.json ?? null);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A URL on which nothing listens (a port that was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const stub = await startStub(() => ({ json: {} }));
  await stub.close();
  return stub.url;
}

/** Runs `fn` and returns what it threw; fails the test when it does not throw. */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}
