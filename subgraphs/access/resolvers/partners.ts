/** Integration partners: registration, keys, manifests, and what the gateway asks about partner requests. */
import { assertHolds } from '../../common/authority';
import { Between, In } from 'typeorm';
import { requireService, type SubgraphContext } from '../../common/context';
import { groupedBy } from '../../common/loaders';
import { badInput } from '../../../platform/errors';
import {
  issueKey,
  partnerOperation,
  recordUsage,
  registerPartner,
  revokeKey,
  uploadManifest,
} from '../domain/partners';
import { ManifestOperation, Partner, PartnerKey, PartnerManifest, PartnerUsage } from '../entities/partner';
import type { MutationResolvers, QueryResolvers, Resolvers } from '../generated/resolvers';

async function assertEditorial(ctx: SubgraphContext): Promise<void> {
  assertHolds(await ctx.requireCaller(), 'EDITORIAL_OFFICE_MEMBER', 'manage integration partners');
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const partnerQueries: QueryResolvers = {
  partners: async (_: unknown, __: unknown, ctx: SubgraphContext) => {
    await assertEditorial(ctx);
    return ctx.db.getRepository(Partner).find({ order: { name: 'ASC' } });
  },
  servedPartnerOperations: async (_: unknown, __: unknown, ctx: SubgraphContext) => {
    requireService(ctx, ['gateway']);
    const served = await ctx.db.getRepository(PartnerManifest).findBy({ state: In(['ACTIVE', 'PREVIOUS']) });
    if (served.length === 0) return [];
    const ops = await ctx.db.getRepository(ManifestOperation).findBy({ manifestId: In(served.map((m) => m.id)) });
    return [
      ...new Map(ops.map((op) => [op.operationId, { id: op.operationId, name: op.name, body: op.body }])).values(),
    ];
  },
  partnerOperation: (_: unknown, args, ctx: SubgraphContext) => {
    requireService(ctx, ['gateway']);
    return partnerOperation(ctx.db, args.keyHash, args.operationId ?? null);
  },
};

export const partnerMutations: MutationResolvers = {
  registerPartner: async (_: unknown, args, ctx: SubgraphContext) =>
    registerPartner(ctx.db, await ctx.requireCaller(), args),
  issuePartnerKey: async (_: unknown, { partnerId }, ctx: SubgraphContext) =>
    issueKey(ctx.db, await ctx.requireCaller(), partnerId, false),
  rotatePartnerKey: async (_: unknown, { partnerId }, ctx: SubgraphContext) =>
    issueKey(ctx.db, await ctx.requireCaller(), partnerId, true),
  revokePartnerKey: async (_: unknown, { keyId }, ctx: SubgraphContext) =>
    revokeKey(ctx.db, await ctx.requireCaller(), keyId),
  uploadPersistedQueryManifest: async (_: unknown, args, ctx: SubgraphContext) =>
    uploadManifest(
      ctx.db,
      await ctx.requireCaller(),
      ctx.services.config.supergraphPath,
      args.partnerId,
      args.manifest,
    ),
  recordPartnerUsage: (_: unknown, { entries }, ctx: SubgraphContext) => {
    requireService(ctx, ['gateway']);
    return recordUsage(ctx.db, entries);
  },
};

/** Batched reads of partners' keys, manifests, usage and operations: one query each, whatever the list length. */
const keysOf = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, PartnerKey[]>('keysOf', async (ids) =>
    groupedBy(
      ids,
      await ctx.db.getRepository(PartnerKey).find({ where: { partnerId: In([...ids]) }, order: { createdAt: 'DESC' } }),
      (k) => k.partnerId,
    ),
  );
const manifestsOf = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, PartnerManifest[]>('manifestsOf', async (ids) =>
    groupedBy(
      ids,
      await ctx.db
        .getRepository(PartnerManifest)
        .find({ where: { partnerId: In([...ids]) }, order: { version: 'DESC' } }),
      (m) => m.partnerId,
    ),
  );
const operationsOf = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, ManifestOperation[]>('operationsOf', async (ids) =>
    groupedBy(
      ids,
      await ctx.db
        .getRepository(ManifestOperation)
        .find({ where: { manifestId: In([...ids]) }, order: { name: 'ASC' } }),
      (o) => o.manifestId,
    ),
  );
const usageOf = (ctx: SubgraphContext, from: string, to: string) =>
  ctx.loaders.get<string, PartnerUsage[]>(`usageOf:${from}:${to}`, async (ids) =>
    groupedBy(
      ids,
      await ctx.db.getRepository(PartnerUsage).find({ where: { partnerId: In([...ids]), day: Between(from, to) } }),
      (u) => u.partnerId,
    ),
  );

export const partnerFields: Resolvers = {
  Partner: {
    keys: (partner: Partner, _: unknown, ctx: SubgraphContext) => keysOf(ctx).load(partner.id),
    manifests: (partner: Partner, _: unknown, ctx: SubgraphContext) => manifestsOf(ctx).load(partner.id),
    usage: async (partner: Partner, args, ctx: SubgraphContext) => {
      if (!DAY.test(args.from) || !DAY.test(args.to)) throw badInput('Days are written YYYY-MM-DD.', 'from');
      const rows = await usageOf(ctx, args.from, args.to).load(partner.id);
      const served = await manifestsOf(ctx).load(partner.id);
      const ops = (await operationsOf(ctx).loadMany(served.map((m) => m.id))).flatMap((list) =>
        Array.isArray(list) ? list : [],
      );
      const byOperation = new Map<string, { count: number; refused: number; totalMs: number; maxMs: number }>();
      for (const row of rows) {
        const sum = byOperation.get(row.operationId) ?? { count: 0, refused: 0, totalMs: 0, maxMs: 0 };
        byOperation.set(row.operationId, {
          count: sum.count + row.count,
          refused: sum.refused + row.refused,
          totalMs: sum.totalMs + row.totalMs,
          maxMs: Math.max(sum.maxMs, row.maxMs),
        });
      }
      return [...byOperation].map(([operationId, u]) => ({
        operationId,
        name: ops.find((o) => o.operationId === operationId)?.name ?? null,
        count: u.count,
        refused: u.refused,
        averageMs: u.count ? Math.round((u.totalMs / u.count) * 10) / 10 : 0,
        maxMs: u.maxMs,
      }));
    },
  },
  PartnerManifest: {
    operations: async (manifest: PartnerManifest, _: unknown, ctx: SubgraphContext) =>
      (await operationsOf(ctx).load(manifest.id)).map((op) => ({ id: op.operationId, name: op.name, body: op.body })),
  },
};
