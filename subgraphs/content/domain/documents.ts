/**
 * Entering and moving documents through the workflow. The body is sanitised on the way in: no
 * script, event handler or foreign embed survives.
 */
import crypto from 'node:crypto';
import sanitizeHtml from 'sanitize-html';
import type { DataSource } from 'typeorm';
import type { Caller } from '../../common/caller';
import { sortKey } from '../../common/collation';
import { badInput, conflict, notFound } from '../../common/errors';
import type { Peers } from '../../common/peers';
import { inTransaction } from '../../common/transaction';
import { DOCUMENT_KINDS, Document, type DocumentKind } from '../entities/document';
import { Section } from '../entities/section';
import { assertMayPublish } from './publishing-right';
import { mayRead } from './visibility';
import { WORKFLOW, nextStatus, type Transition } from './workflow';

export interface CreateDocument {
  channelId: string;
  sectionId?: string | null;
  responsibleUnitId: string;
  title: string;
  lead?: string | null;
  body: string;
  kind: DocumentKind;
  language?: string | null;
  preparedByPersonId?: string | null;
}

interface Asker {
  peers: Peers;
  authorization: string | undefined;
}

const ALLOWED_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'u', 's', 'ul', 'ol', 'li', 'a', 'h2', 'h3', 'h4', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img', 'figure', 'figcaption'],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt'], th: ['scope'] },
  allowedSchemes: ['https', 'mailto', 'tel'],
  disallowedTagsMode: 'discard',
};

export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, ALLOWED_HTML).trim();
}

export function slugify(title: string): string {
  return sortKey(title).replace(/ /g, '-').slice(0, 120) || 'dokument';
}

export async function createDocument(db: DataSource, asker: Asker, caller: Caller, input: CreateDocument): Promise<Document> {
  const title = input.title.trim();
  if (!title || title.length > 300) throw badInput('"title" must be 1-300 characters.', 'title');
  if (!DOCUMENT_KINDS.includes(input.kind)) throw badInput(`Unknown document kind "${input.kind}".`, 'kind');
  const language = (input.language ?? 'pl').trim();
  if (!/^[a-z]{2,3}(-[A-Z]{2})?$/.test(language)) throw badInput('"language" must be a language tag such as "pl" or "en".', 'language');
  const body = sanitizeBody(input.body);
  if (!body) throw badInput('"body" is empty once unsafe markup is removed.', 'body');
  if (input.sectionId) {
    const section = await db.getRepository(Section).findOneBy({ id: input.sectionId });
    if (!section || section.channelId !== input.channelId) throw badInput('The section is not a section of this channel.', 'sectionId');
  }
  await assertMayPublish(asker.peers, caller, asker.authorization, { unitId: input.responsibleUnitId, channelId: input.channelId });

  return inTransaction(db, async (tx) => {
    const documents = tx.getRepository(Document);
    const base = slugify(title);
    let slug = base;
    for (let n = 2; await documents.existsBy({ channelId: input.channelId, slug }); n += 1) slug = `${base}-${n}`;
    const now = new Date();
    const document = documents.create({
      id: crypto.randomUUID(),
      channelId: input.channelId,
      sectionId: input.sectionId ?? null,
      responsibleUnitId: input.responsibleUnitId,
      preparedByPersonId: input.preparedByPersonId ?? caller.personId,
      title,
      slug,
      lead: input.lead?.trim() || null,
      body,
      kind: input.kind,
      language,
      status: 'DRAFT',
      publishedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await documents.insert(document);
    return document;
  });
}

export async function moveDocument(db: DataSource, asker: Asker, caller: Caller, id: string, transition: Transition, reason?: string | null): Promise<Document> {
  const document = await db.getRepository(Document).findOneBy({ id });
  if (!document || !mayRead(caller, document)) throw notFound(`No document with id ${id}.`);
  const to = nextStatus(document.status, transition);
  if (WORKFLOW[transition].needsReason && !reason?.trim()) throw badInput('Give a reason for taking the document down.', 'reason');
  await assertMayPublish(asker.peers, caller, asker.authorization, { unitId: document.responsibleUnitId, channelId: document.channelId });
  return inTransaction(db, async (tx) => {
    const now = new Date();
    const publishedAt = to === 'PUBLISHED' ? now : document.publishedAt;
    const result = await tx
      .getRepository(Document)
      .update({ id, status: document.status, updatedAt: document.updatedAt }, { status: to, publishedAt, updatedAt: now });
    if (result.affected === 0) throw conflict('The document changed at the same moment; reload and try again.');
    return Object.assign(document, { status: to, publishedAt, updatedAt: now });
  });
}
