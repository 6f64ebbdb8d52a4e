/**
 * The city's web graphic line: versions of design tokens. Versions are ordered by their numbers
 * ("2026.1" after "2020.1", "2026.10" after "2026.9"), not by when they were published: the current
 * one is the highest, and a version lower than the current one is refused when published, because an
 * older line cannot become binding again and a lower number is almost always a typo.
 */
import type { DataSource } from 'typeorm';
import { auditRecord, enqueueAudit } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { badInput, conflict } from '../../../platform/errors';
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

export async function publishGraphicLine(
  db: DataSource,
  caller: Caller,
  input: { version: string; tokens: DesignTokens; notes?: string | null },
): Promise<GraphicLineVersion> {
  assertHolds(caller, 'EDITORIAL_OFFICE_MEMBER', 'publish the visual rules of MPI (R-5.2.1)');
  if (!/^[0-9A-Za-z.-]{1,20}$/.test(input.version))
    throw badInput('"version" is 1-20 letters, digits, dots or dashes, e.g. "2026.1".', 'version');
  for (const colour of input.tokens.colours) {
    if (!/^#[0-9a-fA-F]{6}$/.test(colour.value))
      throw badInput(`Colour "${colour.name}" must be written #RRGGBB.`, 'tokens.colours');
  }
  if (input.tokens.colours.length === 0) throw badInput('A graphic line names its colours.', 'tokens.colours');
  return inTransaction(db, async (tx) => {
    if (await tx.getRepository(GraphicLineVersion).existsBy({ version: input.version }))
      throw conflict(`Version "${input.version}" already exists; versions are never changed.`);
    const current = highest(await tx.getRepository(GraphicLineVersion).find());
    if (current && compareVersions(input.version, current.version) <= 0) {
      throw conflict(
        `Version "${input.version}" is not higher than the current version "${current.version}": the graphic line only moves forward (R-6). Number the new version above "${current.version}".`,
      );
    }
    const version = tx.getRepository(GraphicLineVersion).create({
      version: input.version,
      tokens: JSON.stringify(input.tokens),
      notes: input.notes?.trim() || null,
      publishedAt: new Date(),
    });
    await tx.getRepository(GraphicLineVersion).insert(version);
    await enqueueChange(tx, changedAny('GraphicLineVersion'));
    await enqueueAudit(
      tx,
      auditRecord(
        'lifecycle',
        caller,
        'GRAPHIC_LINE_PUBLISHED',
        { type: 'GraphicLineVersion', id: stableId(`graphic-line:${version.version}`) },
        version.notes,
        { version: version.version },
      ),
    );
    return version;
  });
}

/** Compares two version numbers part by part ("2026.1" < "2026.10"); parts that are not numbers compare as text. */
export function compareVersions(a: string, b: string): number {
  const left = a.split(/[.-]/);
  const right = b.split(/[.-]/);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const [x, y] = [left[i], right[i]];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const difference = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

function highest(versions: GraphicLineVersion[]): GraphicLineVersion | null {
  return versions.reduce<GraphicLineVersion | null>(
    (top, v) => (!top || compareVersions(v.version, top.version) > 0 ? v : top),
    null,
  );
}

/** Every version, the current (highest) first. The table holds a handful of rows: ordered here, not in SQL. */
export async function graphicLineVersions(db: DataSource): Promise<GraphicLineVersion[]> {
  return (await db.getRepository(GraphicLineVersion).find()).sort((a, b) => compareVersions(b.version, a.version));
}

export async function currentGraphicLine(db: DataSource): Promise<GraphicLineVersion | null> {
  return highest(await db.getRepository(GraphicLineVersion).find());
}

export type GraphicLineStanding = 'CURRENT' | 'SUPERSEDED' | 'UNKNOWN';

/**
 * Where a version a channel or a service request declares stands: the current line, one a higher
 * version has superseded, or no version at all. `current` names the current version for messages.
 */
export async function graphicLineStanding(
  db: DataSource,
  version: string,
): Promise<{ standing: GraphicLineStanding; current: string | null }> {
  const versions = await db.getRepository(GraphicLineVersion).find();
  const current = highest(versions)?.version ?? null;
  if (!versions.some((v) => v.version === version)) return { standing: 'UNKNOWN', current };
  return { standing: version === current ? 'CURRENT' : 'SUPERSEDED', current };
}
