/**
 * Field usage beside the partner-manifest check in `npm run compose` (issue 14): for every field the new supergraph
 * removes or changes (its type, or its arguments), which clients used it in the last 30 days, read through the
 * running platform's API (`schemaUsage`) as the editorial office reads it. A report, not a verdict: it fails nothing.
 */
import type { GraphQLField } from 'graphql';
import { schemaFields } from '../platform/schema-coordinates';
import { apiSchemaOf } from '../subgraphs/access/domain/partners';

export interface FieldChange {
  coordinate: string;
  /** What happens to it: "removed", "type String → Int", "argument first removed"… */
  change: string;
}

interface UsageRow {
  client: { kind: string; name: string | null; version: string | null };
  count: number;
  lastUsedOn: string;
}

const WINDOW_DAYS = 30;
/** Coordinates per request: the gateway allows 15 aliases in an operation. */
const PER_REQUEST = 10;

function argumentChanges(before: GraphQLField<unknown, unknown>, after: GraphQLField<unknown, unknown>): string[] {
  const changes: string[] = [];
  for (const arg of before.args) {
    const now = after.args.find((a) => a.name === arg.name);
    if (!now) changes.push(`argument ${arg.name} removed`);
    else if (String(now.type) !== String(arg.type))
      changes.push(`argument ${arg.name}: ${String(arg.type)} → ${String(now.type)}`);
  }
  for (const arg of after.args) {
    const required = String(arg.type).endsWith('!') && arg.defaultValue === undefined;
    if (required && !before.args.some((a) => a.name === arg.name)) changes.push(`required argument ${arg.name} added`);
  }
  return changes;
}

/** The output fields of the old API schema that the new one removes or changes, in the order of the old schema. */
export function changedFields(oldSupergraph: string, newSupergraph: string): FieldChange[] {
  const before = schemaFields(apiSchemaOf(oldSupergraph));
  const after = schemaFields(apiSchemaOf(newSupergraph));
  const changes: FieldChange[] = [];
  for (const [coordinate, field] of before) {
    const now = after.get(coordinate);
    if (!now) {
      changes.push({ coordinate, change: 'removed' });
      continue;
    }
    const what = String(now.type) !== String(field.type) ? [`type ${String(field.type)} → ${String(now.type)}`] : [];
    what.push(...argumentChanges(field, now));
    if (what.length) changes.push({ coordinate, change: what.join(', ') });
  }
  return changes;
}

/** "partner "Pogoda Kraków"", "frontend www-krakow 2.3", "anonymous clients". */
function clientLabel(client: UsageRow['client']): string {
  if (client.kind === 'PARTNER') return `partner "${client.name}"`;
  if (client.kind === 'FRONTEND') return `frontend "${client.name}"${client.version ? ` ${client.version}` : ''}`;
  return 'anonymous clients';
}

interface Answer {
  data?: Record<string, UsageRow[] | null> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function ask(url: string, token: string, coordinates: string[], from: string, to: string): Promise<Answer> {
  const fields = coordinates.map(
    (c, i) => `f${i}: schemaUsage(coordinate: ${JSON.stringify(c)}, from: $from, to: $to) { ...Usage }`,
  );
  const query = `query FieldUsage($from: String!, $to: String!) { ${fields.join(' ')} }
    fragment Usage on ClientFieldUsage { client { kind name version } count lastUsedOn }`;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { from, to } }),
      signal: AbortSignal.timeout(15_000),
    });
    return (await response.json()) as Answer;
  } catch (error) {
    throw new Error(
      `the platform at ${url} cannot be reached (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
}

/**
 * Usage by coordinate; `null` for a field the running platform does not serve (it refuses to count what it has not):
 * ten to a request, one by one when a request is refused for one of its fields.
 */
async function usageFrom(
  url: string,
  token: string,
  coordinates: string[],
  from: string,
  to: string,
): Promise<Map<string, UsageRow[] | null>> {
  const usage = new Map<string, UsageRow[] | null>();
  const unknownField = (answer: Answer) =>
    answer.errors?.every((e) => e.extensions?.code === 'BAD_USER_INPUT') ?? false;
  for (let at = 0; at < coordinates.length; at += PER_REQUEST) {
    const batch = coordinates.slice(at, at + PER_REQUEST);
    const answer = await ask(url, token, batch, from, to);
    if (answer.data) {
      batch.forEach((c, i) => usage.set(c, answer.data?.[`f${i}`] ?? null));
      continue;
    }
    if (!unknownField(answer))
      throw new Error(`the platform refused to tell field usage: ${answer.errors?.[0]?.message ?? 'no answer'}`);
    for (const coordinate of batch) {
      const alone = await ask(url, token, [coordinate], from, to);
      if (!alone.data && !unknownField(alone))
        throw new Error(`the platform refused to tell field usage: ${alone.errors?.[0]?.message}`);
      usage.set(coordinate, alone.data?.f0 ?? null);
    }
  }
  return usage;
}

/** Prints, for each removed or changed field, who used it in the last 30 days; says so when it cannot find out. */
export async function reportFieldUsage(
  oldSupergraph: string,
  newSupergraph: string,
  url: string,
  token: string | undefined,
): Promise<void> {
  const changes = changedFields(oldSupergraph, newSupergraph);
  if (changes.length === 0) {
    console.log('Field usage: the change removes or changes no field of the API.');
    return;
  }
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - (WINDOW_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  let usage: Map<string, UsageRow[] | null>;
  try {
    if (!token)
      throw new Error(
        'set MPI_TOKEN to a token of an editorial office account (npm run -s token -- --account <login>)',
      );
    usage = await usageFrom(
      url,
      token,
      changes.map((c) => c.coordinate),
      from,
      to,
    );
  } catch (error) {
    console.error(`Field usage not reported: ${error instanceof Error ? error.message : String(error)}.`);
    return;
  }
  console.log(`Field usage of the ${changes.length} field(s) this change removes or changes, ${from} to ${to}:`);
  for (const { coordinate, change } of changes) {
    const rows = usage.get(coordinate);
    const used = rows?.map((r) => `${clientLabel(r.client)} (${r.count}, last on ${r.lastUsedOn})`).join('; ');
    const verdict =
      rows === null || rows === undefined
        ? 'not served by the running platform: usage unknown'
        : used
          ? `used by ${used}`
          : 'used by no client';
    console.log(`  ${coordinate} (${change}): ${verdict}`);
  }
}
