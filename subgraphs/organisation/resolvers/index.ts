/** The organisation subgraph's resolvers, thin: arguments in, domain rules and loaders, schema out. */
import type { Resolvers } from '../generated/resolvers';
import { DateTime } from '../../common/scalars';
import { actFields, actMutations, actQueries } from './acts';
import { proposalFields, proposalMutations, proposalQueries } from './function-proposals';
import { personFields, unitFields, unitQueries } from './units';

export const resolvers: Resolvers = {
  DateTime,
  Query: { ...unitQueries, ...actQueries, ...proposalQueries },
  Mutation: { ...actMutations, ...proposalMutations },
  Unit: { ...unitFields, ...actFields.Unit },
  Person: { ...personFields, ...actFields.Person },
  FunctionHolding: actFields.FunctionHolding,
  FunctionProposal: proposalFields.FunctionProposal,
  InternalOrder: actFields.InternalOrder,
  InformationCategory: actFields.InformationCategory,
  Designation: actFields.Designation,
};
