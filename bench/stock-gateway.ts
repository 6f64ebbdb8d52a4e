/**
 * Stock Apollo Federation for `npm run bench:gateway`: `@apollo/gateway` in `@apollo/server`, started
 * with `startStandaloneServer` and default settings, over the platform's running subgraphs. The one
 * addition to the stock set-up is passing the caller's Authorization header on, as our gateway does.
 * Runs as its own process (node dist/bench/stock-gateway.js) with HOST, PORT, SUPERGRAPH_PATH and
 * SUBGRAPH_URLS (JSON: subgraph name -> URL); Apollo Server stops itself on SIGINT.
 */
import fs from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

interface Context {
  authorization?: string;
}

async function main(): Promise<void> {
  const urls = JSON.parse(process.env.SUBGRAPH_URLS ?? '{}') as Record<string, string>;
  const gateway = new ApolloGateway({
    supergraphSdl: fs.readFileSync(process.env.SUPERGRAPH_PATH ?? 'schema/supergraph.graphql', 'utf8'),
    buildService: ({ name }) =>
      new RemoteGraphQLDataSource<Context>({
        url: urls[name],
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
        },
      }),
  });
  const server = new ApolloServer<Context>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 4100) },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  console.log(`stock gateway ready at ${url}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
