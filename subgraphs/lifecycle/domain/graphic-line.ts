/** The city's web graphic line: versions of design tokens; the newest is the current one. */
import type { DataSource } from 'typeorm';
import { auditRecord, enqueueAudit } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { badInput, conflict } from '../../common/errors';
import { stableId } from '../../common/sample';
import { inTransaction } from '../../common/transaction';
import { changedAny, enqueueChange } from '../../common/changes';
import { GraphicLineVersion } from '../entities/graphic-line';
import { assertHolds } from './authority';

export interface DesignTokens {
  colours: { name: string; value: string }[];
  typography: { name: string; fontFamily: string; size: string; weight: number }[];
  logoRules: string[];
}

export async function publishGraphicLine(db: DataSource, caller: Caller, input: { version: string; tokens: DesignTokens; notes?: string | null }): Promise<GraphicLineVersion> {
  assertHolds(caller, 'EDITORIAL_OFFICE_MEMBER', 'publish the visual rules of MPI (R-5.2.1)');
  if (!/^[0-9A-Za-z.\-]{1,20}$/.test(input.version)) throw badInput('"version" is 1-20 letters, digits, dots or dashes, e.g. "2026.1".', 'version');
  for (const colour of input.tokens.colours) {
    if (!/^#[0-9a-fA-F]{6}$/.test(colour.value)) throw badInput(`Colour "${colour.name}" must be written #RRGGBB.`, 'tokens.colours');
  }
  if (input.tokens.colours.length === 0) throw badInput('A graphic line names its colours.', 'tokens.colours');
  return inTransaction(db, async (tx) => {
    if (await tx.getRepository(GraphicLineVersion).existsBy({ version: input.version })) throw conflict(`Version "${input.version}" already exists; versions are never changed.`);
    const version = tx.getRepository(GraphicLineVersion).create({ version: input.version, tokens: JSON.stringify(input.tokens), notes: input.notes?.trim() || null, publishedAt: new Date() });
    await tx.getRepository(GraphicLineVersion).insert(version);
    await enqueueChange(tx, changedAny('GraphicLineVersion'));
    await enqueueAudit(tx, auditRecord('lifecycle', caller, 'GRAPHIC_LINE_PUBLISHED', { type: 'GraphicLineVersion', id: stableId(`graphic-line:${version.version}`) }, version.notes, { version: version.version }));
    return version;
  });
}

export function currentGraphicLine(db: DataSource): Promise<GraphicLineVersion | null> {
  return db.getRepository(GraphicLineVersion).findOne({ where: {}, order: { publishedAt: 'DESC' } });
}
