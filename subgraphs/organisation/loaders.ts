/** The organisation subgraph's batched reads: one SQL query per kind, whatever the list length. */
import { In, IsNull, MoreThan, type DataSource } from 'typeorm';
import type { SubgraphContext } from '../common/context';
import { groupedBy, inOrderOf } from '../common/loaders';
import { paginateGroups, type PageArgs, type SortKey } from '../common/pagination';
import { Designation, DesignationChannel } from './entities/designation';
import { FunctionHolding } from './entities/function-holding';
import { InternalOrder, OrderCategory, OrderResponsibility } from './entities/internal-order';
import { Person } from './entities/person';
import { Unit } from './entities/unit';
import type { RoleFacts } from './domain/roles';
import type { DesignationInForce } from '../common/caller';

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
    const rows = await ctx.db
      .getRepository(Unit)
      .find({ where: { parentId: In([...ids]) }, order: { sortName: 'ASC', id: 'ASC' } });
    return groupedBy(ids, rows, (unit) => unit.parentId ?? '');
  });

/** Function holdings that have not ended, in force now. */
function current(where: Record<string, unknown>) {
  const now = new Date();
  return [
    { ...where, endedAt: IsNull() },
    { ...where, endedAt: MoreThan(now) },
  ];
}

/** The current head of each unit. */
export const headOfUnit = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, FunctionHolding | null>('headOfUnit', async (unitIds) => {
    const rows = await ctx.db
      .getRepository(FunctionHolding)
      .find({ where: current({ function: 'UNIT_HEAD', unitId: In([...unitIds]) }) });
    const active = rows.filter((h) => h.isActive());
    return unitIds.map((id) => active.find((h) => h.unitId === id) ?? null);
  });

export const holdingById = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, FunctionHolding | null>('holdingById', async (ids) =>
    inOrderOf(ids, await ctx.db.getRepository(FunctionHolding).findBy({ id: In([...ids]) })),
  );

/** Every head each unit has had, newest first. */
export const headsOfUnit = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, FunctionHolding[]>('headsOfUnit', async (unitIds) => {
    const rows = await ctx.db
      .getRepository(FunctionHolding)
      .find({ where: { function: 'UNIT_HEAD', unitId: In([...unitIds]) }, order: { startedAt: 'DESC', id: 'DESC' } });
    return groupedBy(unitIds, rows, (h) => h.unitId ?? '');
  });

/** Every holding of each person, current and past, newest first. */
export const holdingsOfPerson = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, FunctionHolding[]>('holdingsOfPerson', async (personIds) => {
    const rows = await ctx.db
      .getRepository(FunctionHolding)
      .find({ where: { personId: In([...personIds]) }, order: { startedAt: 'DESC', id: 'DESC' } });
    return groupedBy(personIds, rows, (h) => h.personId);
  });

export const roleFactsOf = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, RoleFacts | null>('roleFactsOf', (personIds) => loadRoleFacts(ctx.db, personIds));

/** Everything roles are derived from, for many people in three queries. */
export async function loadRoleFacts(db: DataSource, personIds: readonly string[]): Promise<(RoleFacts | null)[]> {
  const ids = [...personIds];
  const people = await db.getRepository(Person).findBy({ id: In(ids) });
  const unitIds = [...new Set(people.map((person) => person.unitId).filter((id): id is string => id !== null))];
  const [units, functions] = await Promise.all([
    unitIds.length ? db.getRepository(Unit).findBy({ id: In(unitIds) }) : Promise.resolve([]),
    db.getRepository(FunctionHolding).find({ where: current({ personId: In(ids) }) }),
  ]);
  const unitsById = new Map(units.map((unit) => [unit.id, unit]));
  return inOrderOf(personIds, people).map((person) =>
    person
      ? {
          person,
          unit: person.unitId ? (unitsById.get(person.unitId) ?? null) : null,
          functions: functions.filter((holding) => holding.personId === person.id),
        }
      : null,
  );
}

export const orderById = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, InternalOrder | null>('orderById', async (ids) =>
    inOrderOf(ids, await ctx.db.getRepository(InternalOrder).findBy({ id: In([...ids]) })),
  );

export const orderInForce = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, InternalOrder | null>('orderInForce', async (unitIds) => {
    const rows = await ctx.db.getRepository(InternalOrder).findBy({ inForceUnitId: In([...unitIds]) });
    return unitIds.map((id) => rows.find((order) => order.inForceUnitId === id) ?? null);
  });

export const orderOrder: SortKey<InternalOrder>[] = [
  { column: 'o.version', direction: 'DESC', value: (order) => order.version },
  { column: 'o.id', direction: 'DESC', value: (order) => order.id },
];

export const ordersOfUnit = (ctx: SubgraphContext, args: PageArgs) =>
  ctx.loaders.get(`ordersOfUnit:${args.first}:${args.after}`, (unitIds: readonly string[]) =>
    paginateGroups(ctx.db.getRepository(InternalOrder).createQueryBuilder('o'), 'o.unitId', unitIds, orderOrder, args),
  );

export interface CategoryWithDuties extends OrderCategory {
  responsibilities: OrderResponsibility[];
}

export const categoriesOfOrder = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, CategoryWithDuties[]>('categoriesOfOrder', async (orderIds) => {
    const categories = await ctx.db
      .getRepository(OrderCategory)
      .find({ where: { orderId: In([...orderIds]) }, order: { position: 'ASC' } });
    const duties = categories.length
      ? await ctx.db.getRepository(OrderResponsibility).findBy({ categoryId: In(categories.map((c) => c.id)) })
      : [];
    const withDuties = categories.map((c) =>
      Object.assign(c, { responsibilities: duties.filter((d) => d.categoryId === c.id) }),
    );
    return groupedBy(orderIds, withDuties, (c) => c.orderId);
  });

export const designationById = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, Designation | null>('designationById', async (ids) =>
    inOrderOf(ids, await ctx.db.getRepository(Designation).findBy({ id: In([...ids]) })),
  );

export const channelsOfDesignation = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, string[]>('channelsOfDesignation', async (ids) => {
    const rows = await ctx.db.getRepository(DesignationChannel).findBy({ designationId: In([...ids]) });
    return groupedBy(ids, rows, (row) => row.designationId).map((group) => group.map((row) => row.channelId));
  });

export const designationOrder: SortKey<Designation>[] = [
  { column: 'd.createdAt', direction: 'DESC', value: (d) => d.createdAt, date: true },
  { column: 'd.id', direction: 'DESC', value: (d) => d.id },
];

/** Designations of many units or people at once; `activeOnly` keeps those in force now. */
export const designationsBy = (
  ctx: SubgraphContext,
  column: 'unitId' | 'personId',
  activeOnly: boolean,
  args: PageArgs,
) =>
  ctx.loaders.get(
    `designationsBy:${column}:${activeOnly}:${args.first}:${args.after}`,
    (parentIds: readonly string[]) => {
      const qb = ctx.db.getRepository(Designation).createQueryBuilder('d');
      if (activeOnly) {
        const now = new Date();
        qb.andWhere('d.withdrawnAt IS NULL')
          .andWhere('d.validFrom <= :now', { now })
          .andWhere('(d.validUntil IS NULL OR d.validUntil > :now)', { now });
      }
      return paginateGroups(qb, `d.${column}`, parentIds, designationOrder, args);
    },
  );

/** A person's designations in force now, with the channels each is limited to (none: every channel). */
export async function designationsInForce(db: DataSource, personId: string): Promise<DesignationInForce[]> {
  const designations = (await db.getRepository(Designation).findBy({ personId, withdrawnAt: IsNull() })).filter((d) =>
    d.isActive(),
  );
  if (designations.length === 0) return [];
  const channels = await db
    .getRepository(DesignationChannel)
    .findBy({ designationId: In(designations.map((d) => d.id)) });
  return designations.map((d) => ({
    id: d.id,
    unitId: d.unitId,
    channelIds: channels.filter((c) => c.designationId === d.id).map((c) => c.channelId),
  }));
}
