/** Issue 14: what a gateway replica sends of the field usage it counted. */
import { FieldUsage, type FieldUsageEntry } from '../../gateway/field-usage';
import crypto from 'node:crypto';
import { buildSchema } from 'graphql';
import { createLogger } from '../../platform/logger';
import type { Peers } from '../../platform/peers';
import type { ServiceCredentials } from '../../platform/service-auth';

function recorder(apqText?: (hash: string) => Promise<string | undefined>): {
  usage: FieldUsage;
  sent: FieldUsageEntry[];
} {
  const sent: FieldUsageEntry[] = [];
  const peers = {
    send: async (_owner: string, _operation: unknown, variables: { entries: FieldUsageEntry[] }) => {
      sent.push(...variables.entries);
      return {};
    },
  } as unknown as Peers;
  const credentials = { token: async () => 'service', verify: async () => null } as ServiceCredentials;
  return { usage: new FieldUsage(peers, credentials, createLogger('test', 'silent'), apqText), sent };
}

describe('field usage a gateway sends', () => {
  test('issue 14: one count per field for each operation of a client, added up per day', async () => {
    const { usage, sent } = recorder();
    const feed = ['Document.lead', 'Query.documents'];
    usage.count({ kind: 'FRONTEND', name: 'www-krakow', version: '2.3.0' }, feed);
    usage.count({ kind: 'FRONTEND', name: 'www-krakow', version: '2.3.0' }, feed);
    usage.count({ kind: 'ANONYMOUS', name: '', version: '' }, feed);
    await usage.flush();
    const day = new Date().toISOString().slice(0, 10);
    const frontend = { day, clientKind: 'FRONTEND', clientName: 'www-krakow', clientVersion: '2.3.0' };
    const anonymous = { day, clientKind: 'ANONYMOUS', clientName: '', clientVersion: '' };
    expect(sent).toEqual([
      { ...anonymous, coordinate: 'Document.lead', count: 1 },
      { ...anonymous, coordinate: 'Query.documents', count: 1 },
      { ...frontend, coordinate: 'Document.lead', count: 2 },
      { ...frontend, coordinate: 'Query.documents', count: 2 },
    ]);
    await usage.flush();
    expect(sent).toHaveLength(4);
  });

  test('issue 14: client names are free text: past 1,000 between two sends, new ones count as "(other)"', async () => {
    const { usage, sent } = recorder();
    for (let i = 0; i < 1005; i += 1)
      usage.count({ kind: 'FRONTEND', name: `app-${i}`, version: '' }, ['Query.viewer']);
    await usage.flush();
    expect(sent).toHaveLength(1001);
    expect(sent.find((e) => e.clientName === '(other)')).toMatchObject({ clientKind: 'FRONTEND', count: 5 });
    usage.count({ kind: 'FRONTEND', name: 'app-2000', version: '' }, ['Query.viewer']);
    await usage.flush();
    expect(sent[sent.length - 1]).toMatchObject({ clientName: 'app-2000', count: 1 });
  });

  test('issue 14: a cached answer this replica never ran is read by its text, or its APQ hash in the shared store', async () => {
    const text = 'query Lead { document(id: "1") { lead } }';
    const hash = crypto.createHash('sha256').update(text).digest('hex');
    const asked: string[] = [];
    const { usage } = recorder(async (h) => (asked.push(h), h === hash ? text : undefined));
    const listener = await usage.plugin().serverWillStart!({} as never);
    const apiSchema = buildSchema('type Document { lead: String } type Query { document(id: ID!): Document }');
    listener!.schemaDidLoadOrUpdate!({ apiSchema, coreSupergraphSdl: '' });
    expect(await usage.coordinatesOfCached(hash, undefined, undefined)).toEqual(['Document.lead', 'Query.document']);
    expect(asked).toEqual([hash]);
    // Known from then on: the shared store is not asked again.
    expect(await usage.coordinatesOfCached(hash, undefined, undefined)).toEqual(['Document.lead', 'Query.document']);
    expect(asked).toEqual([hash]);
    expect(await usage.coordinatesOfCached('0'.repeat(64), undefined, undefined)).toBeUndefined();
    const other = await usage.coordinatesOfCached('1'.repeat(64), 'Lead', text.replace('"1"', '"2"'));
    // Another operation with the same fields: the same list, so one counter per client.
    expect(other).toBe(await usage.coordinatesOfCached(hash, undefined, undefined));
  });
});
