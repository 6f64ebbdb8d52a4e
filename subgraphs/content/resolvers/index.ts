/** The content subgraph's resolvers, thin: arguments in, domain rules and loaders, schema out. */
import type { Resolvers } from '../generated/resolvers';
import { DateTime } from '../../common/scalars';
import { editingMutations } from './editing';
import {
  attachmentFields,
  documentFields,
  extensionFields,
  readingQueries,
  revisionFields,
  sectionFields,
  statusChangeFields,
} from './reading';
import { reportQueries } from './reports';

export const resolvers: Resolvers = {
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
