/**
 * Which operation of the document to run. Apollo Server hands the gateway a document whose `operationName` names
 * none of its operations (or which holds several and names none), and the gateway's planner then fails with an
 * internal error, logged as unexpected. It is the caller's mistake: HTTP 400 with a code and a sentence that says
 * which operations the document holds (GraphiQL sends a stale name when a tab's text changed a moment before).
 * Likewise a subscription sent as an ordinary request (the supergraph has none: live updates are streams served
 * by gateway/subscriptions/, chosen by the request's Accept header).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError, Kind } from 'graphql';

export function operationResolution(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation?.operation === 'subscription')
            throw new GraphQLError(
              'A subscription is a live update stream: send it to /graphql with `Accept: text/event-stream` ' +
                '(graphql-sse, EventSource) or `Accept: multipart/mixed;subscriptionSpec=1.0` (Apollo Client).',
              { extensions: { code: ApolloServerErrorCode.BAD_REQUEST, http: { status: 400 } } },
            );
          if (operation) return;
          const names = document.definitions
            .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
            .map((definition) => definition.name?.value ?? '(anonymous)');
          const held = `the document holds ${names.length === 1 ? 'one operation' : `${names.length} operations`}: ${names.join(', ')}`;
          const message = request.operationName
            ? `Unknown operation named "${request.operationName}"; ${held}.`
            : `Name the operation to run in "operationName"; ${held}.`;
          throw new GraphQLError(message, {
            extensions: { code: ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } },
          });
        },
      };
    },
  };
}
