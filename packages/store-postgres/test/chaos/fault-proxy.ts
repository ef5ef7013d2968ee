import { connect, createServer, type Server, type Socket } from 'node:net';

/** Probabilities (0..1) of each fault, decided per chunk of data. */
export interface FaultRates {
  /** A request chunk is not forwarded and both connections are cut (the request is lost). */
  readonly dropRequest: number;
  /** A response chunk is not forwarded and both connections are cut (the answer is lost). */
  readonly dropResponse: number;
  /** Only the first half of a response chunk is forwarded, then both connections are cut. */
  readonly truncateResponse: number;
  /** A response chunk is held back 20–200 ms (order is kept). */
  readonly delayResponse: number;
}

/** What a proxy did. */
export interface ProxyFigures {
  /** Client connections accepted. */
  connections: number;
  /** Request heads seen (chunks starting with an HTTP method). */
  requests: number;
  /** Faults injected, by kind. */
  droppedRequests: number;
  droppedResponses: number;
  truncatedResponses: number;
  delayedResponses: number;
  /** Connections cut because the upstream was down (refused or reset). */
  upstreamDown: number;
  /** Connections cut by `cut()` (database outages). */
  cutConnections: number;
}

const NO_FAULTS: FaultRates = {
  dropRequest: 0,
  dropResponse: 0,
  truncateResponse: 0,
  delayResponse: 0,
};

/**
 * A TCP proxy on 127.0.0.1 in front of one or more upstream ports (round
 * robin per connection) that injects faults into the byte stream: lost
 * requests, lost and truncated answers, delays. `cut()` severs every open
 * connection and refuses new ones for a while (a network outage). Loopback
 * only; for tests.
 */
export class FaultProxy {
  readonly figures: ProxyFigures = {
    connections: 0,
    requests: 0,
    droppedRequests: 0,
    droppedResponses: 0,
    truncatedResponses: 0,
    delayedResponses: 0,
    upstreamDown: 0,
    cutConnections: 0,
  };
  readonly #server: Server;
  readonly #upstreams: readonly number[];
  readonly #open = new Set<Socket>();
  #rates: FaultRates;
  #next = 0;
  #refuseUntil = 0;

  /**
   * @param upstreams - ports on 127.0.0.1 to forward to
   * @param rates - fault probabilities (default: none)
   */
  constructor(upstreams: readonly number[], rates: FaultRates = NO_FAULTS) {
    this.#upstreams = upstreams;
    this.#rates = rates;
    this.#server = createServer((client) => this.#accept(client));
  }

  /** Starts listening on a free port; resolves with it. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return (this.#server.address() as { port: number }).port;
  }

  /** Changes the fault rates (e.g. none while a run settles). */
  setRates(rates: FaultRates = NO_FAULTS): void {
    this.#rates = rates;
  }

  /**
   * Severs every open connection and refuses new ones for `downMs`.
   *
   * @param downMs - how long new connections are refused
   */
  cut(downMs: number): void {
    this.#refuseUntil = Date.now() + downMs;
    for (const socket of this.#open) {
      this.figures.cutConnections += 1;
      socket.destroy();
    }
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    for (const socket of this.#open) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #track(socket: Socket): void {
    this.#open.add(socket);
    socket.on('close', () => this.#open.delete(socket));
    socket.on('error', () => undefined);
  }

  #accept(client: Socket): void {
    this.#track(client);
    if (Date.now() < this.#refuseUntil) {
      client.destroy();
      return;
    }
    this.figures.connections += 1;
    const port = this.#upstreams[this.#next++ % this.#upstreams.length] as number;
    const upstream = connect(port, '127.0.0.1');
    this.#track(upstream);
    const cutBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    let answered = false;
    upstream.on('error', () => {
      if (!answered) this.figures.upstreamDown += 1;
      cutBoth();
    });
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.on('data', (chunk: Buffer) => {
      if (
        /^(GET|POST|PUT|DELETE|PATCH|OPTIONS|HEAD) /.test(chunk.subarray(0, 8).toString('latin1'))
      )
        this.figures.requests += 1;
      if (Math.random() < this.#rates.dropRequest) {
        this.figures.droppedRequests += 1;
        cutBoth();
        return;
      }
      upstream.write(chunk);
    });
    // Responses go out in order: each chunk waits for the one before it.
    let chain = Promise.resolve();
    upstream.on('data', (chunk: Buffer) => {
      answered = true;
      const roll = Math.random();
      const rates = this.#rates;
      chain = chain.then(async () => {
        if (client.destroyed) return;
        if (roll < rates.dropResponse) {
          this.figures.droppedResponses += 1;
          cutBoth();
          return;
        }
        if (roll < rates.dropResponse + rates.truncateResponse) {
          this.figures.truncatedResponses += 1;
          client.write(chunk.subarray(0, Math.floor(chunk.length / 2)), () => cutBoth());
          return;
        }
        if (roll < rates.dropResponse + rates.truncateResponse + rates.delayResponse) {
          this.figures.delayedResponses += 1;
          await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 180));
        }
        if (!client.destroyed) client.write(chunk);
      });
    });
  }
}
