import { createSocket } from 'node:dgram';

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/**
 * The machine's default outbound IPv4 address: the local address of a UDP
 * socket "connected" to a public address (no packet is sent), or `127.0.0.1`
 * when there is no route.
 */
export async function outboundIpv4(): Promise<string> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const done = (address: string) => {
      socket.close();
      resolve(address);
    };
    socket.once('error', () => done('127.0.0.1'));
    try {
      socket.connect(80, '8.8.8.8', () => {
        try {
          const { address } = socket.address();
          done(address && address !== '0.0.0.0' ? address : '127.0.0.1');
        } catch {
          done('127.0.0.1');
        }
      });
    } catch {
      done('127.0.0.1');
    }
  });
}

/**
 * The host clients should use to reach a server bound to `bindHost`: the bind
 * host itself, except for the wildcards `0.0.0.0` and `::`, which give the
 * machine's outbound IPv4 address (or `127.0.0.1`).
 *
 * @param bindHost - the address the server listens on
 */
export async function accessHost(bindHost: string): Promise<string> {
  return WILDCARDS.has(bindHost) ? outboundIpv4() : bindHost;
}

/**
 * `http://host:port`, with IPv6 literals in brackets.
 *
 * @param host - a host name or IP address
 * @param port - the TCP port
 */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
