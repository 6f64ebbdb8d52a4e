/**
 * A stand-in for the system administrator's and DPO's incident inbox: an HTTP server on loopback
 * that records what it receives and, like a careful receiver, counts a delivery once per
 * Idempotency-Key. `dropNext` makes it cut the connection after reading the next request, as if
 * the network failed before the sender heard the answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receiver {
  url: string;
  /** Every request received, duplicates included. */
  requests: { key: string; body: Record<string, any> }[];
  /** Distinct deliveries, by idempotency key. */
  unique(): Map<string, Record<string, any>>;
  dropNext(count: number): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  let drops = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      requests.push({ key: String(req.headers['idempotency-key']), body: JSON.parse(raw || '{}') });
      if (drops > 0) {
        drops -= 1;
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/incidents`,
    requests,
    unique: () => new Map(requests.map((r) => [r.key, r.body])),
    dropNext: (count) => (drops = count),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
