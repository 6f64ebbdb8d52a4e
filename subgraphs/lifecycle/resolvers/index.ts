/** The lifecycle subgraph's resolvers, thin: arguments in, domain rules and loaders, schema out. */
import type { Resolvers } from '../generated/resolvers';
import { DateTime } from '../../common/scalars';
import { assistanceFields, assistanceMutations, assistanceQueries } from './assistance';
import { channelResolvers } from './channels';
import { reportFields, reportMutations, reportQueries } from './report';
import { requestFields, requestMutations, requestQueries } from './requests';

export const resolvers: Resolvers = {
  DateTime,
  Query: { ...channelResolvers.Query, ...requestQueries, ...assistanceQueries, ...reportQueries },
  Mutation: { ...channelResolvers.Mutation, ...requestMutations, ...assistanceMutations, ...reportMutations },
  Channel: { ...channelResolvers.Channel, ...requestFields.Channel, ...assistanceFields.Channel },
  ChannelLink: channelResolvers.ChannelLink,
  Unit: channelResolvers.Unit,
  ServiceRequest: requestFields.ServiceRequest,
  ServiceDecision: requestFields.ServiceDecision,
  Ticket: assistanceFields.Ticket,
  GraphicLineVersion: assistanceFields.GraphicLineVersion,
  ...reportFields,
};
