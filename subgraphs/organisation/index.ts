/** The organisation subgraph: units, people and the functions the order names. */
import type { DataSource } from 'typeorm';
import { runStandalone } from '../common/standalone';
import type { SubgraphModule } from '../common/server';
import { rolesOf } from './domain/roles';
import { FunctionHolding } from './entities/function-holding';
import { Person } from './entities/person';
import { Unit } from './entities/unit';
import { loadRoleFacts } from './loaders';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const organisation: SubgraphModule = {
  name: 'organisation',
  resolvers,
  entities: [Unit, Person, FunctionHolding],
  migrations: [Initial1764000000000],
  seed,
  people: (db: DataSource) => ({
    async facts(personId) {
      const [facts] = await loadRoleFacts(db, [personId]);
      if (!facts) return null;
      return { unitId: facts.person.unitId, roles: rolesOf(facts), headOf: facts.headOf.map((unit) => unit.id) };
    },
  }),
};

if (require.main === module) runStandalone(organisation);
