/**
 * How the gateway calls a subgraph: over HTTP with keep-alive connections, passing the caller's
 * own credentials on so that each subgraph verifies them itself.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { GatewayContext } from './context';

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string) {
    // Node's own fetch (undici) keeps connections alive between requests.
    super({ url, fetcher: globalThis.fetch as unknown as Fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context?.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}
