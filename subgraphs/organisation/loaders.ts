/** The organisation subgraph's batched reads: one SQL query per kind, whatever the list length. */
import { In, IsNull, MoreThan, type DataSource } from 'typeorm';
import type { SubgraphContext } from '../common/context';
import { groupedBy, inOrderOf } from '../common/loaders';
import { FunctionHolding } from './entities/function-holding';
import { Person } from './entities/person';
import { Unit } from './entities/unit';
import type { RoleFacts } from './domain/roles';

export const unitById = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Unit | null>('unitById', async (ids) =>
    inOrderOf(ids, await ctx.db.getRepository(Unit).findBy({ id: In([...ids]) })),
  );

export const personById = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Person | null>('personById', async (ids) =>
    inOrderOf(ids, await ctx.db.getRepository(Person).findBy({ id: In([...ids]) })),
  );

export const childrenOf = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Unit[]>('childrenOf', async (ids) => {
    const rows = await ctx.db.getRepository(Unit).find({ where: { parentId: In([...ids]) }, order: { sortName: 'ASC', id: 'ASC' } });
    return groupedBy(ids, rows, (unit) => unit.parentId ?? '');
  });

export const headedBy = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Unit[]>('headedBy', async (personIds) => {
    const rows = await ctx.db.getRepository(Unit).find({ where: { headPersonId: In([...personIds]) }, order: { sortName: 'ASC', id: 'ASC' } });
    return groupedBy(personIds, rows, (unit) => unit.headPersonId ?? '');
  });

export const roleFactsOf = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, RoleFacts | null>('roleFactsOf', (personIds) => loadRoleFacts(ctx.db, personIds));

/** Everything roles are derived from, for many people in four queries. */
export async function loadRoleFacts(db: DataSource, personIds: readonly string[]): Promise<(RoleFacts | null)[]> {
  const ids = [...personIds];
  const now = new Date();
  const people = await db.getRepository(Person).findBy({ id: In(ids) });
  const unitIds = [...new Set(people.map((person) => person.unitId).filter((id): id is string => id !== null))];
  const [units, headed, functions] = await Promise.all([
    unitIds.length ? db.getRepository(Unit).findBy({ id: In(unitIds) }) : Promise.resolve([]),
    db.getRepository(Unit).findBy({ headPersonId: In(ids) }),
    db.getRepository(FunctionHolding).find({
      where: [
        { personId: In(ids), endedAt: IsNull() },
        { personId: In(ids), endedAt: MoreThan(now) },
      ],
    }),
  ]);
  const unitsById = new Map(units.map((unit) => [unit.id, unit]));
  return inOrderOf(personIds, people).map((person) =>
    person
      ? {
          person,
          unit: person.unitId ? (unitsById.get(person.unitId) ?? null) : null,
          headOf: headed.filter((unit) => unit.headPersonId === person.id),
          functions: functions.filter((holding) => holding.personId === person.id),
        }
      : null,
  );
}
