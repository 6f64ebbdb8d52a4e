/** The content subgraph's resolvers, thin: arguments in, domain rules and loaders, schema out. */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SubgraphContext } from '../../common/context';
import { DateTime } from '../../common/scalars';
import { editingMutations } from './editing';
import { attachmentFields, documentFields, extensionFields, readingQueries, revisionFields, sectionFields, statusChangeFields } from './reading';
import { reportQueries } from './reports';

export const resolvers: GraphQLResolverMap<SubgraphContext> = {
  DateTime,
  Query: { ...readingQueries, ...reportQueries },
  Mutation: editingMutations,
  Document: documentFields,
  Revision: revisionFields,
  StatusChange: statusChangeFields,
  Attachment: attachmentFields,
  Section: sectionFields,
  ...extensionFields,
};
