/**
 * `npm run bench:http-client`: CPU per call of the platform's HTTP client (platform/http-client.ts) against
 * Node's global fetch, both calling the same local server (in this process) with a 5 KB JSON answer, 10 calls
 * in flight, after a warm-up round. What the gateway pays for each subgraph call; a ratio from one run.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from '../platform/http-client';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1000);
const IN_FLIGHT = 10;
const answer = JSON.stringify({ data: { text: 'x'.repeat(5000) } });
const body = JSON.stringify({ query: '{ documents(first: 20) { nodes { title } } }' });
const headers = { 'content-type': 'application/json' };

async function cpuPerCall(call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 100; i++) await Promise.all(Array.from({ length: IN_FLIGHT }, call)); // warm-up
  const before = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) await Promise.all(Array.from({ length: IN_FLIGHT }, call));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / (ROUNDS * IN_FLIGHT);
}

async function main(): Promise<void> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, headers).end(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const viaFetch = await cpuPerCall(async () => (await fetch(url, { method: 'POST', headers, body })).json());
  const viaPlatform = await cpuPerCall(async () => (await request(url, { method: 'POST', headers, body })).json());
  server.close();
  console.log(`CPU per call (client and server, µs), ${ROUNDS * IN_FLIGHT} calls each, ${IN_FLIGHT} in flight:`);
  console.log(`  global fetch:               ${viaFetch.toFixed(1)}`);
  console.log(`  platform/http-client.ts:    ${viaPlatform.toFixed(1)}`);
  console.log(`  fetch / platform client:    ${(viaFetch / viaPlatform).toFixed(2)}x`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
