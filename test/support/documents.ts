/** Entering sample documents in tests, as a sample publisher would. */
import { sampleId } from '../../subgraphs/common/sample';
import { CREATE_DOCUMENT, PUBLISH_DOCUMENT } from './operations';
import type { TestPlatform } from './platform';

export const unit = (key: string) => sampleId(`unit:${key}`);
export const channel = (key: string) => sampleId(`channel:${key}`);
export const person = (key: string) => sampleId(`person:${key}`);
export const account = (login: string) => sampleId(`account:${login}`);

/** A document of the culture department on its website, entered (and published unless `draft`) by tomasz.zielinski. */
export async function cultureDocument(
  platform: TestPlatform,
  fields: Record<string, unknown> & { title: string },
  options: { draft?: boolean; as?: string } = {},
): Promise<string> {
  const as = options.as ?? 'tomasz.zielinski';
  const created = await platform.query(
    CREATE_DOCUMENT,
    {
      input: {
        channelId: channel('kultura-web'),
        responsibleUnitId: unit('kultura'),
        body: '<p>Treść</p>',
        kind: 'NEWS',
        ...fields,
      },
    },
    as,
  );
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  const id = created.data!.createDocument.id as string;
  if (!options.draft) {
    const published = await platform.query(PUBLISH_DOCUMENT, { id }, as);
    if (published.errors) throw new Error(JSON.stringify(published.errors));
  }
  return id;
}
