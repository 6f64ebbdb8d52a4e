/**
 * Schema-change safety for `npm run compose`: the operations partners are served (active and previous
 * manifests) are read from the running platform's API, as the editorial office reads them, and
 * validated against the new supergraph. A change that breaks one fails the composition unless forced.
 *
 *   MPI_TOKEN=$(npm run -s token -- --account anna.kowalczyk) npm run compose -- --partners-from http://127.0.0.1:4000/graphql
 *   … --force   writes the supergraph anyway and only warns
 */
import { breakingOperations, type ServedOperation } from '../subgraphs/access/domain/partners';

interface PartnersAnswer {
  data?: {
    partners: { name: string; manifests: { state: string; operations: { name: string; body: string }[] }[] }[];
  } | null;
  errors?: { message: string }[];
}

const SERVED = ['ACTIVE', 'PREVIOUS'];

/** The partners' served operations, through the gateway at `url`, with the editorial office's token. */
export async function servedOperationsFrom(url: string, token: string | undefined): Promise<ServedOperation[]> {
  if (!token)
    throw new Error('set MPI_TOKEN to a token of an editorial office account (npm run -s token -- --account <login>)');
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ partners { name manifests { state operations { name body } } } }' }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new Error(
      `the platform at ${url} cannot be reached (${error instanceof Error ? error.message : String(error)})`,
      {
        cause: error,
      },
    );
  }
  const answer = (await response.json().catch(() => ({}))) as PartnersAnswer;
  if (!answer.data?.partners)
    throw new Error(
      `the platform refused to list partners: ${answer.errors?.[0]?.message ?? `HTTP ${response.status}`}`,
    );
  return answer.data.partners.flatMap((partner) =>
    partner.manifests
      .filter((m) => SERVED.includes(m.state))
      .flatMap((m) => m.operations.map((op) => ({ partner: partner.name, name: op.name, body: op.body }))),
  );
}

/** 0 when no served operation breaks (or `force`), 1 otherwise; says what it found. */
export async function checkPartners(
  supergraphSdl: string,
  url: string,
  token: string | undefined,
  force: boolean,
): Promise<number> {
  let operations: ServedOperation[];
  try {
    operations = await servedOperationsFrom(url, token);
  } catch (error) {
    console.error(`Partner manifests not checked: ${error instanceof Error ? error.message : String(error)}.`);
    return force ? 0 : 1;
  }
  const broken = breakingOperations(operations, supergraphSdl);
  for (const b of broken)
    console.error(
      `${force ? 'WARNING' : 'ERROR'}: this change breaks operation "${b.operation}" of partner "${b.partner}": ${b.problem}`,
    );
  if (broken.length === 0) {
    console.log(`Partner manifests checked: ${operations.length} served operation(s), none broken by this supergraph.`);
    return 0;
  }
  if (force) return 0;
  console.error('Composition refused: fix the change, or agree a new manifest with the partner, or pass --force.');
  return 1;
}
