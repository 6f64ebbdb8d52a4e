/**
 * Stock Apollo Federation for `npm run bench:gateway`: `@apollo/gateway` in `@apollo/server`, started
 * with `startStandaloneServer` and default settings, over the platform's running subgraphs. The two
 * additions to the stock set-up, both in the data source's `willSendRequest`, are what our gateway does too:
 * passing the caller's Authorization header on, and signing each request with the internal secret
 * (platform/request-signature.ts), without which the subgraphs answer nothing.
 * Runs as its own process (node dist/bench/stock-gateway.js) with HOST, PORT, SUPERGRAPH_PATH,
 * SUBGRAPH_URLS (JSON: subgraph name -> URL) and INTERNAL_SECRET; Apollo Server stops itself on SIGINT.
 */
import fs from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { requestTarget, signSubgraphRequest } from '../platform/request-signature';

export interface StockContext {
  authorization?: string;
}

type SubgraphRequest = Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]['request'];

/**
 * The body RemoteGraphQLDataSource will send for `request` (its sendRequest: the query first, then the
 * rest of the request but `http`), known already in `willSendRequest`, where the stock data source lets one
 * add headers. Automatic persisted queries to subgraphs (`apq`) are off, as by default.
 */
function bodyToBeSent(request: SubgraphRequest): string {
  const { query, http: _http, ...rest } = request;
  return JSON.stringify({ query, ...rest });
}

/** The stock data source, with the caller's Authorization passed on and each request signed. */
export function stockDataSource(url: string, secret: string | Uint8Array): RemoteGraphQLDataSource<StockContext> {
  return new RemoteGraphQLDataSource<StockContext>({
    url,
    willSendRequest({ request, context }) {
      if (!request.http) return;
      if (context.authorization) request.http.headers.set('authorization', context.authorization);
      const signature = signSubgraphRequest(secret, {
        method: request.http.method,
        path: requestTarget(request.http.url),
        body: bodyToBeSent(request),
      });
      for (const [name, value] of Object.entries(signature)) request.http.headers.set(name, value);
    },
  });
}

/** Stock Apollo Server over the stock gateway, as `startStandaloneServer` starts it. */
export async function startStockGateway(options: {
  supergraphSdl: string;
  urls: Record<string, string>;
  secret: string | Uint8Array;
  host: string;
  port: number;
}) {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => stockDataSource(options.urls[name], options.secret),
  });
  const server = new ApolloServer<StockContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { host: options.host, port: options.port },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return { url, stop: () => server.stop() };
}

async function main(): Promise<void> {
  const secret = process.env.INTERNAL_SECRET;
  if (!secret) throw new Error('INTERNAL_SECRET must be set: the subgraphs answer only signed requests');
  const { url } = await startStockGateway({
    supergraphSdl: fs.readFileSync(process.env.SUPERGRAPH_PATH ?? 'schema/supergraph.graphql', 'utf8'),
    urls: JSON.parse(process.env.SUBGRAPH_URLS ?? '{}') as Record<string, string>,
    secret,
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 4100),
  });
  console.log(`stock gateway ready at ${url}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
