/**
 * The floor for `npm run bench:gateway`: a bare Node `http` server that reads the request and answers
 * every one with the same bytes (the feed answer the gateway gave). Runs as its own process
 * (node dist/bench/bare-node.js) with HOST, PORT and ANSWER_FILE; stops on SIGINT.
 */
import fs from 'node:fs';
import http from 'node:http';

const answer = fs.readFileSync(process.env.ANSWER_FILE ?? '');
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(answer.length) };

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, headers).end(answer));
});
server.listen(Number(process.env.PORT ?? 4101), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`bare Node server ready on port ${(server.address() as { port: number }).port}`);
});
process.once('SIGINT', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
