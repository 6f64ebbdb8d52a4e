/** Editing: entering, modifying, restoring, moving through the workflow, scheduling, attaching. */
import { requireService, type SubgraphContext } from '../../common/context';
import { addAttachment, attachmentStore } from '../domain/attachments';
import { contentWorkers } from '../domain/heavy-work';
import { createDocument, restoreRevision, updateDocument } from '../domain/documents';
import { moveDocument, takeDown, type Mover } from '../domain/publishing';
import type { Asker } from '../domain/publishing-right';
import { scheduleDocument } from '../domain/schedule';
import type { MutationResolvers } from '../generated/resolvers';

const asker = (ctx: SubgraphContext): Asker => ({ peers: ctx.peers, authorization: ctx.authorization });
const workers = (ctx: SubgraphContext) => contentWorkers(ctx.services);

interface IncidentArgs {
  documentIds: string[];
  incidentId: string;
  actorAccountId?: string | null;
  actorLogin?: string | null;
  actorPersonId?: string | null;
}
/** The person whose act the incident's action is, as access names them. */
const mover = (args: IncidentArgs): Mover => ({
  accountId: args.actorAccountId ?? null,
  login: args.actorLogin ?? null,
  personId: args.actorPersonId ?? null,
});

export const editingMutations: MutationResolvers = {
  takeDownDocuments: async (_: unknown, args, ctx: SubgraphContext) => {
    requireService(ctx, ['access']);
    return takeDown(ctx.db, workers(ctx), args.documentIds, args.incidentId, false, mover(args));
  },
  restoreTakenDownDocuments: async (_: unknown, args, ctx: SubgraphContext) => {
    requireService(ctx, ['access']);
    return takeDown(ctx.db, workers(ctx), args.documentIds, args.incidentId, true, mover(args));
  },
  createDocument: async (_: unknown, args, ctx: SubgraphContext) =>
    createDocument(ctx.db, workers(ctx), asker(ctx), await ctx.requireCaller(), args.input, args.idempotencyKey),
  updateDocument: async (_: unknown, args, ctx: SubgraphContext) =>
    updateDocument(ctx.db, workers(ctx), asker(ctx), await ctx.requireCaller(), args.id, args.input, args.reason),
  restoreRevision: async (_: unknown, args, ctx: SubgraphContext) =>
    restoreRevision(ctx.db, workers(ctx), asker(ctx), await ctx.requireCaller(), args.id, args.number, args.reason),
  publishDocument: async (_: unknown, { id }, ctx: SubgraphContext) =>
    moveDocument(ctx.db, workers(ctx), asker(ctx), () => ctx.requireCaller(), id, 'publish'),
  unpublishDocument: async (_: unknown, args, ctx: SubgraphContext) =>
    moveDocument(ctx.db, workers(ctx), asker(ctx), () => ctx.requireCaller(), args.id, 'unpublish', args.reason),
  archiveDocument: async (_: unknown, args, ctx: SubgraphContext) =>
    moveDocument(ctx.db, workers(ctx), asker(ctx), () => ctx.requireCaller(), args.id, 'archive', args.reason),
  scheduleDocument: async (_: unknown, args, ctx: SubgraphContext) =>
    scheduleDocument(ctx.db, asker(ctx), await ctx.requireCaller(), args.id, args),
  addAttachment: async (_: unknown, args, ctx: SubgraphContext) =>
    addAttachment(
      ctx.db,
      attachmentStore(ctx),
      workers(ctx),
      asker(ctx),
      await ctx.requireCaller(),
      args.documentId,
      args.input,
    ),
};
