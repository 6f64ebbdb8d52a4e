/**
 * A stand-in for a subgraph that the gateway is pointed at instead of the real one: it forwards to the real
 * subgraph, hangs (accepts the request and never answers), or answers 502 like a proxy whose upstream is
 * gone, as the test switches it. It counts the requests that reach it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandInMode = 'forward' | 'hang' | 'bad-gateway';

export interface UnreliableSubgraph {
  url: string;
  mode: StandInMode;
  /** Requests that reached the stand-in (whatever it did with them). */
  requests: number;
  close(): Promise<void>;
}

export async function startUnreliableSubgraph(target: string, mode: StandInMode): Promise<UnreliableSubgraph> {
  const server = http.createServer((req, res) => {
    standIn.requests += 1;
    if (standIn.mode === 'hang') return;
    if (standIn.mode === 'bad-gateway') {
      res.writeHead(502, { 'content-type': 'text/html' }).end(`<html>upstream ${target} is gone</html>`);
      return;
    }
    const upstream = new URL(target);
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: upstream.pathname,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const standIn: UnreliableSubgraph = {
    url: `http://127.0.0.1:${port}/graphql`,
    mode,
    requests: 0,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return standIn;
}

/** An address where nothing listens: a subgraph whose server is stopped. */
export async function addressOfStoppedSubgraph(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/graphql`;
}
