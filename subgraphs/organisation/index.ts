/** The organisation subgraph: units, people, functions and their confirmation, internal orders and designations. */
import type { DataSource } from 'typeorm';
import { AUDIT_TOPIC, auditDelivery } from '../common/audit';
import { OutboxMessage } from '../common/outbox';
import { runStandalone } from '../common/standalone';
import type { SubgraphModule } from '../common/server';
import { headOf, rolesOf } from './domain/roles';
import { Designation, DesignationChannel } from './entities/designation';
import { FunctionHolding } from './entities/function-holding';
import { FunctionProposal } from './entities/function-proposal';
import { InternalOrder, OrderCategory, OrderResponsibility } from './entities/internal-order';
import { Person } from './entities/person';
import { Unit } from './entities/unit';
import { designationsInForce, loadRoleFacts } from './loaders';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { FunctionProposals1766700000000 } from './migrations/1766700000000-FunctionProposals';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const organisation: SubgraphModule = {
  name: 'organisation',
  resolvers,
  entities: [
    Unit,
    Person,
    FunctionHolding,
    FunctionProposal,
    InternalOrder,
    OrderCategory,
    OrderResponsibility,
    Designation,
    DesignationChannel,
    OutboxMessage,
  ],
  migrations: [Initial1764000000000, FunctionProposals1766700000000],
  seed,
  people: (db: DataSource) => ({
    async facts(personId) {
      const [facts] = await loadRoleFacts(db, [personId]);
      return facts
        ? {
            unitId: facts.person.unitId,
            roles: rolesOf(facts),
            headOf: headOf(facts),
            designations: await designationsInForce(db, personId),
          }
        : null;
    },
  }),
  outbox: ({ peers, credentials }) => ({ [AUDIT_TOPIC]: auditDelivery(peers, credentials) }),
};

if (require.main === module) runStandalone(organisation);
