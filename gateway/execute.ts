/** The last stage: Apollo Server plans and executes the operation over the subgraphs. */
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GatewayContext } from './context';
import type { Answer, Exchange } from './pipeline';

export function contextOf(exchange: Exchange): GatewayContext {
  if (exchange.credentialError) throw exchange.credentialError;
  const authorization =
    exchange.client === 'account' ? (exchange.headers.authorization as string | undefined) : undefined;
  return {
    authorization,
    claims: exchange.claims,
    requestId: exchange.requestId,
    cacheTags: new Set(),
    fieldUsage: {},
  };
}

export function execute(server: ApolloServer<GatewayContext>) {
  return async (exchange: Exchange): Promise<Answer> => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(exchange.headers))
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    let context: GatewayContext | undefined;
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: exchange.method === 'HEAD' ? 'GET' : exchange.method,
        headers,
        search: exchange.url.search,
        body: exchange.body,
      },
      context: async () => (context = contextOf(exchange)),
    });
    let body: Buffer;
    if (response.body.kind === 'complete') body = Buffer.from(response.body.string);
    else {
      const chunks: Buffer[] = [];
      for await (const chunk of response.body.asyncIterator) chunks.push(Buffer.from(chunk));
      body = Buffer.concat(chunks);
    }
    const answer: Answer = { status: response.status ?? 200, headers: Object.fromEntries(response.headers), body };
    exchange.cacheTags = context?.cacheTags;
    exchange.coordinates = context?.fieldUsage?.coordinates;
    return answer;
  };
}
