/** Units and people: the tree, heads, members and roles. */
import type { SubgraphContext } from '../../common/context';
import { existingAll } from '../../common/loaders';
import { badInput } from '../../../platform/errors';
import { paginate, paginateGroups, type SortKey } from '../../common/pagination';
import { headOf, rolesOf } from '../domain/roles';
import { Person } from '../entities/person';
import { UNIT_KINDS, Unit } from '../entities/unit';
import { childrenOf, headOfUnit, headsOfUnit, holdingsOfPerson, personById, roleFactsOf, unitById } from '../loaders';
import type { PersonResolvers, QueryResolvers, UnitResolvers } from '../generated/resolvers';

const unitOrder: SortKey<Unit>[] = [
  { column: 'unit.sortName', direction: 'ASC', value: (unit) => unit.sortName },
  { column: 'unit.id', direction: 'ASC', value: (unit) => unit.id },
];
const personOrder: SortKey<Person>[] = [
  { column: 'person.sortName', direction: 'ASC', value: (person) => person.sortName },
  { column: 'person.id', direction: 'ASC', value: (person) => person.id },
];

export const unitQueries: QueryResolvers = {
  unit: (_: unknown, { id }, ctx: SubgraphContext) => unitById(ctx).load(id),
  units: (_: unknown, args, ctx: SubgraphContext) => {
    const qb = ctx.db.getRepository(Unit).createQueryBuilder('unit');
    if (args.kind) {
      if (!UNIT_KINDS.includes(args.kind)) throw badInput(`Unknown unit kind "${args.kind}".`, 'kind');
      qb.andWhere('unit.kind = :kind', { kind: args.kind });
    }
    if (args.parentId) qb.andWhere('unit.parentId = :parentId', { parentId: args.parentId });
    return paginate(qb, unitOrder, args);
  },
  person: (_: unknown, { id }, ctx: SubgraphContext) => personById(ctx).load(id),
  editorialOffice: (_: unknown, __: unknown, ctx: SubgraphContext) =>
    ctx.db.getRepository(Unit).findOneBy({ isEditorialOffice: true }),
};

export const unitFields: UnitResolvers = {
  __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => unitById(ctx).load(ref.id),
  parent: (unit: Unit, _: unknown, ctx: SubgraphContext) => (unit.parentId ? unitById(ctx).load(unit.parentId) : null),
  children: (unit: Unit, _: unknown, ctx: SubgraphContext) => childrenOf(ctx).load(unit.id),
  head: async (unit: Unit, _: unknown, ctx: SubgraphContext) => {
    const holding = await headOfUnit(ctx).load(unit.id);
    return holding ? personById(ctx).load(holding.personId) : null;
  },
  headHistory: (unit: Unit, _: unknown, ctx: SubgraphContext) => headsOfUnit(ctx).load(unit.id),
  members: (unit: Unit, args, ctx: SubgraphContext) =>
    ctx.loaders
      .get(`members:${args.first}:${args.after}`, (unitIds: readonly string[]) =>
        paginateGroups(
          ctx.db.getRepository(Person).createQueryBuilder('person'),
          'person.unitId',
          unitIds,
          personOrder,
          args,
        ),
      )
      .load(unit.id),
};

export const personFields: PersonResolvers = {
  __resolveReference: (ref: { id: string }, ctx: SubgraphContext) => personById(ctx).load(ref.id),
  unit: (person: Person, _: unknown, ctx: SubgraphContext) =>
    person.unitId ? unitById(ctx).load(person.unitId) : null,
  roles: async (person: Person, _: unknown, ctx: SubgraphContext) => {
    const facts = await roleFactsOf(ctx).load(person.id);
    return facts ? rolesOf(facts) : [];
  },
  headOf: async (person: Person, _: unknown, ctx: SubgraphContext) => {
    const facts = await roleFactsOf(ctx).load(person.id);
    return facts ? existingAll(unitById(ctx).loadMany(headOf(facts))) : [];
  },
  functions: (person: Person, _: unknown, ctx: SubgraphContext) => holdingsOfPerson(ctx).load(person.id),
};
