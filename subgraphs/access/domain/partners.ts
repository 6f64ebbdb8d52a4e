/**
 * Integration partners read MPI only through persisted queries (trusted documents). The editorial
 * office registers a partner, issues and rotates its API keys (shown once, stored as SHA-256) and
 * uploads manifests in Apollo's persisted-query-manifest format. Every operation of an upload is
 * validated against the current supergraph and its id checked against the SHA-256 of its body;
 * invalid ones are reported, not stored. The newest manifest is active and the one before it stays
 * served during a rollout.
 */
import type { UsageInput } from '../generated/resolvers';
import { assertHolds } from '../../common/authority';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { In, IsNull, type DataSource } from 'typeorm';
import { auditRecord } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { inTransaction } from '../../common/transaction';
import { ManifestOperation, Partner, PartnerKey, PartnerManifest } from '../entities/partner';
import { appendAudit } from './audit-log';

export interface RejectedOperation {
  id: string;
  name: string | null;
  reason: string;
}

function assertManagesPartners(caller: Caller): void {
  assertHolds(caller, 'EDITORIAL_OFFICE_MEMBER', 'manage integration partners');
}

export { hashApiKey as hashKey } from '../../../platform/api-key';
import { hashApiKey as hashKey } from '../../../platform/api-key';

export async function registerPartner(
  db: DataSource,
  caller: Caller,
  input: { name: string; contact: string; rateLimitPerMinute?: number | null },
): Promise<Partner> {
  assertManagesPartners(caller);
  const name = input.name.trim();
  const contact = input.contact.trim();
  if (!name || name.length > 200) throw badInput('"name" must be 1-200 characters.', 'name');
  if (!contact) throw badInput('"contact" must say whom to reach at the partner.', 'contact');
  const rate = input.rateLimitPerMinute ?? 600;
  if (!Number.isInteger(rate) || rate < 1 || rate > 100_000)
    throw badInput('"rateLimitPerMinute" must be 1-100000.', 'rateLimitPerMinute');
  return inTransaction(db, async (tx) => {
    if (await tx.getRepository(Partner).existsBy({ name }))
      throw conflict(`A partner named "${name}" is already registered.`);
    const partner = tx.getRepository(Partner).create({
      id: crypto.randomUUID(),
      name,
      contact,
      rateLimitPerMinute: rate,
      registeredByAccountId: caller.accountId,
      createdAt: new Date(),
    });
    await tx.getRepository(Partner).insert(partner);
    await appendAudit(
      tx,
      auditRecord('access', caller, 'PARTNER_REGISTERED', { type: 'Partner', id: partner.id }, null, {
        name,
        rateLimitPerMinute: rate,
      }),
    );
    return partner;
  });
}

/** Issues a new key; with `rotate`, every key the partner had stops working in the same act. */
export async function issueKey(
  db: DataSource,
  caller: Caller,
  partnerId: string,
  rotate: boolean,
): Promise<{ key: string; record: PartnerKey }> {
  assertManagesPartners(caller);
  if (!(await db.getRepository(Partner).existsBy({ id: partnerId })))
    throw notFound(`No partner with id ${partnerId}.`);
  const key = `mpi_${crypto.randomBytes(24).toString('base64url')}`;
  return inTransaction(db, async (tx) => {
    const now = new Date();
    if (rotate) await tx.getRepository(PartnerKey).update({ partnerId, revokedAt: IsNull() }, { revokedAt: now });
    const record = tx.getRepository(PartnerKey).create({
      id: crypto.randomUUID(),
      partnerId,
      keyHash: hashKey(key),
      prefix: key.slice(0, 12),
      createdAt: now,
      revokedAt: null,
    });
    await tx.getRepository(PartnerKey).insert(record);
    await appendAudit(
      tx,
      auditRecord(
        'access',
        caller,
        'PARTNER_KEY_ISSUED',
        { type: 'Partner', id: partnerId },
        rotate ? 'rotation' : null,
        { keyId: record.id, prefix: record.prefix },
      ),
    );
    return { key, record };
  });
}

export async function revokeKey(db: DataSource, caller: Caller, keyId: string): Promise<PartnerKey> {
  assertManagesPartners(caller);
  const record = await db.getRepository(PartnerKey).findOneBy({ id: keyId });
  if (!record) throw notFound(`No partner key with id ${keyId}.`);
  if (record.revokedAt) throw conflict('The key was already revoked.');
  return inTransaction(db, async (tx) => {
    const revokedAt = new Date();
    await tx.getRepository(PartnerKey).update({ id: keyId }, { revokedAt });
    await appendAudit(
      tx,
      auditRecord('access', caller, 'PARTNER_KEY_REVOKED', { type: 'Partner', id: record.partnerId }, null, {
        keyId,
        prefix: record.prefix,
      }),
    );
    return Object.assign(record, { revokedAt });
  });
}

let apiSchemaCache: { sdl: string; schema: GraphQLSchema } | undefined;

/** The public API schema of a supergraph (what clients can query). */
export function apiSchemaOf(sdl: string): GraphQLSchema {
  if (apiSchemaCache?.sdl !== sdl)
    apiSchemaCache = { sdl, schema: Supergraph.build(sdl).apiSchema().toGraphQLJSSchema() };
  return apiSchemaCache.schema;
}

function apiSchema(supergraphPath: string): GraphQLSchema {
  return apiSchemaOf(fs.readFileSync(supergraphPath, 'utf8'));
}

export interface ServedOperation {
  partner: string;
  name: string;
  body: string;
}

/** Operations that would no longer validate against `supergraphSdl` (schema-change safety); pure, no database. */
export function breakingOperations(
  operations: ServedOperation[],
  supergraphSdl: string,
): { partner: string; operation: string; problem: string }[] {
  const schema = apiSchemaOf(supergraphSdl);
  return operations.flatMap((op) => {
    const errors = validate(schema, parse(op.body));
    return errors.length === 0
      ? []
      : [{ partner: op.partner, operation: op.name, problem: errors.map((e) => e.message).join('; ') }];
  });
}

/** Served partner operations that would no longer validate against `supergraphSdl`, from the access database. */
export async function breakingPartnerOperations(
  db: DataSource,
  supergraphSdl: string,
): Promise<{ partner: string; operation: string; problem: string }[]> {
  const served = await db.getRepository(PartnerManifest).findBy({ state: In(['ACTIVE', 'PREVIOUS']) });
  if (served.length === 0) return [];
  const partners = await db.getRepository(Partner).findBy({ id: In([...new Set(served.map((m) => m.partnerId))]) });
  const operations = await db.getRepository(ManifestOperation).findBy({ manifestId: In(served.map((m) => m.id)) });
  const partnerOf = (manifestId: string) => {
    const manifest = served.find((m) => m.id === manifestId)!;
    return partners.find((p) => p.id === manifest.partnerId)?.name ?? manifest.partnerId;
  };
  return breakingOperations(
    operations.map((op) => ({ partner: partnerOf(op.manifestId), name: op.name, body: op.body })),
    supergraphSdl,
  );
}

interface ManifestFile {
  format?: unknown;
  version?: unknown;
  operations?: { id?: unknown; name?: unknown; type?: unknown; body?: unknown }[];
}

/** Checks every operation; returns those to store and those refused, with the reason. */
export function checkManifest(
  text: string,
  schema: GraphQLSchema,
): { accepted: ManifestOperation[]; rejected: RejectedOperation[] } {
  let manifest: ManifestFile;
  try {
    manifest = JSON.parse(text) as ManifestFile;
  } catch {
    throw badInput('The manifest is not JSON.', 'manifest');
  }
  if (
    manifest.format !== 'apollo-persisted-query-manifest' ||
    manifest.version !== 1 ||
    !Array.isArray(manifest.operations)
  ) {
    throw badInput(
      'The manifest must be {"format":"apollo-persisted-query-manifest","version":1,"operations":[…]}.',
      'manifest',
    );
  }
  const accepted: ManifestOperation[] = [];
  const rejected: RejectedOperation[] = [];
  for (const op of manifest.operations) {
    const id = String(op.id ?? '');
    const name = typeof op.name === 'string' ? op.name : null;
    const body = typeof op.body === 'string' ? op.body : '';
    const reject = (reason: string) => rejected.push({ id, name, reason });
    if (!body) {
      reject('the operation has no body');
      continue;
    }
    if (crypto.createHash('sha256').update(body).digest('hex') !== id) {
      reject('the id is not the SHA-256 of the body');
      continue;
    }
    let document;
    try {
      document = parse(body);
    } catch (error) {
      reject(`the body does not parse: ${(error as Error).message}`);
      continue;
    }
    const errors = validate(schema, document);
    if (errors.length) {
      reject(errors.map((e) => e.message).join('; '));
      continue;
    }
    const type = String(op.type ?? 'query');
    const kinds = document.definitions
      .filter((d) => d.kind === 'OperationDefinition')
      .map((d) => (d as { operation: string }).operation);
    if (type !== 'query' || kinds.some((k) => k !== 'query')) {
      reject('partners read MPI: only queries may be registered');
      continue;
    }
    if (accepted.some((a) => a.operationId === id)) continue;
    accepted.push(Object.assign(new ManifestOperation(), { operationId: id, name: name ?? 'anonymous', type, body }));
  }
  return { accepted, rejected };
}

export async function uploadManifest(
  db: DataSource,
  caller: Caller,
  supergraphPath: string,
  partnerId: string,
  text: string,
): Promise<{ manifest: PartnerManifest; accepted: number; rejected: RejectedOperation[] }> {
  assertManagesPartners(caller);
  if (!(await db.getRepository(Partner).existsBy({ id: partnerId })))
    throw notFound(`No partner with id ${partnerId}.`);
  const { accepted, rejected } = checkManifest(text, apiSchema(supergraphPath));
  if (accepted.length === 0)
    throw badInput(
      `No operation of the manifest is valid: ${rejected.map((r) => `${r.name ?? r.id}: ${r.reason}`).join(' | ')}`,
      'manifest',
    );
  return inTransaction(db, async (tx) => {
    const manifests = tx.getRepository(PartnerManifest);
    const latest = await manifests.findOne({ where: { partnerId }, order: { version: 'DESC' } });
    await manifests.update({ partnerId, state: 'PREVIOUS' }, { state: 'RETIRED' });
    await manifests.update({ partnerId, state: 'ACTIVE' }, { state: 'PREVIOUS' });
    const manifest = manifests.create({
      id: crypto.randomUUID(),
      partnerId,
      version: (latest?.version ?? 0) + 1,
      state: 'ACTIVE',
      operationCount: accepted.length,
      uploadedByAccountId: caller.accountId,
      uploadedAt: new Date(),
    });
    await manifests.insert(manifest);
    for (let i = 0; i < accepted.length; i += 50) {
      await tx
        .getRepository(ManifestOperation)
        .insert(accepted.slice(i, i + 50).map((op) => ({ ...op, manifestId: manifest.id })));
    }
    await appendAudit(
      tx,
      auditRecord(
        'access',
        caller,
        'MANIFEST_UPLOADED',
        { type: 'Partner', id: partnerId },
        `version ${manifest.version}`,
        { accepted: accepted.length, rejected: rejected.length },
      ),
    );
    return { manifest, accepted: accepted.length, rejected };
  });
}

export interface PartnerOperation {
  partnerId: string;
  rateLimitPerMinute: number;
  /** The operation's body, or null when the id is in none of the partner's served manifests. */
  body: string | null;
}

/** For the gateway: whose key this is, and the body of the operation asked for. Null for an unknown or revoked key. */
export async function partnerOperation(
  db: DataSource,
  keyHash: string,
  operationId: string | null,
): Promise<PartnerOperation | null> {
  const key = await db.getRepository(PartnerKey).findOneBy({ keyHash, revokedAt: IsNull() });
  if (!key) return null;
  const partner = await db.getRepository(Partner).findOneByOrFail({ id: key.partnerId });
  let body: string | null = null;
  if (operationId) {
    const served = await db
      .getRepository(PartnerManifest)
      .findBy({ partnerId: partner.id, state: In(['ACTIVE', 'PREVIOUS']) });
    if (served.length) {
      const op = await db
        .getRepository(ManifestOperation)
        .findOneBy({ manifestId: In(served.map((m) => m.id)), operationId });
      body = op?.body ?? null;
    }
  }
  return { partnerId: partner.id, rateLimitPerMinute: partner.rateLimitPerMinute, body };
}

/** One day of one partner operation, as the gateway sends it (the SDL's `UsageInput`). */
export type UsageEntry = UsageInput;

/** Adds usage reported by gateway replicas (each sends its own increments) in one atomic upsert per row. */
export async function recordUsage(db: DataSource, entries: UsageEntry[]): Promise<number> {
  const sqlite = db.options.type === 'better-sqlite3';
  const upsert = sqlite
    ? `INSERT INTO partner_usage (partnerId, operationId, day, count, refused, totalMs, maxMs) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (partnerId, operationId, day) DO UPDATE SET count = count + excluded.count, refused = refused + excluded.refused,
       totalMs = totalMs + excluded.totalMs, maxMs = MAX(maxMs, excluded.maxMs)`
    : `INSERT INTO partner_usage (partnerId, operationId, day, count, refused, totalMs, maxMs) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE count = count + VALUES(count), refused = refused + VALUES(refused),
       totalMs = totalMs + VALUES(totalMs), maxMs = GREATEST(maxMs, VALUES(maxMs))`;
  return inTransaction(db, async (tx) => {
    for (const e of entries)
      await tx.query(upsert, [e.partnerId, e.operationId, e.day, e.count, e.refused, e.totalMs, e.maxMs]);
    return entries.length;
  });
}
