/** The access subgraph's resolvers, thin: arguments in, domain rules and loaders, schema out. */
import type { Resolvers } from '../generated/resolvers';
import { DateTime } from '../../common/scalars';
import { accountFields, accountMutations, accountQueries, personFields } from './accounts';
import { auditEntryFields, auditMutations, auditQueries } from './audit';
import { channelFields, grantFields, grantMutations, grantQueries, unitFields } from './grants';
import { fieldUsageMutations, fieldUsageQueries } from './field-usage';
import { incidentFields, incidentMutations, incidentQueries } from './incidents';
import { partnerFields, partnerMutations, partnerQueries } from './partners';

export const resolvers: Resolvers = {
  DateTime,
  Query: {
    ...accountQueries,
    ...grantQueries,
    ...auditQueries,
    ...incidentQueries,
    ...partnerQueries,
    ...fieldUsageQueries,
  },
  Mutation: {
    ...accountMutations,
    ...grantMutations,
    ...auditMutations,
    ...incidentMutations,
    ...partnerMutations,
    ...fieldUsageMutations,
  },
  Account: accountFields,
  Person: personFields,
  Grant: grantFields,
  Channel: channelFields,
  Unit: unitFields,
  AuditEntry: auditEntryFields,
  ...incidentFields,
  ...partnerFields,
};
