/** The access subgraph: accounts, grants, incidents, partners and the audit log. */
import type { DataSource } from 'typeorm';
import { runStandalone } from '../common/standalone';
import type { SubgraphModule } from '../common/server';
import { Account } from './entities/account';
import { AuditEntry } from './entities/audit-entry';
import { Grant } from './entities/grant';
import { ManifestOperation, Partner, PartnerKey, PartnerManifest, PartnerUsage } from './entities/partner';
import { Incident, IncidentNotification, ProtectiveAction } from './entities/incident';
import { OutboxMessage } from '../common/outbox';
import { ACTION_TOPIC, CHECK_TOPIC, NOTIFICATION_TOPIC } from './domain/incidents';
import { actionCheckDelivery, notificationDelivery, protectiveActionDelivery } from './domain/incident-delivery';
import { Initial1764000000000 } from './migrations/1764000000000-Initial';
import { ActionRefusals1766600000000 } from './migrations/1766600000000-ActionRefusals';
import { FieldUsage1766814000000 } from './migrations/1766814000000-FieldUsage';
import { FieldUsageCount } from './entities/field-usage';
import { resolvers } from './resolvers';
import { seed } from './seed';

export const access: SubgraphModule = {
  name: 'access',
  resolvers,
  entities: [
    Account,
    Grant,
    AuditEntry,
    Incident,
    ProtectiveAction,
    IncidentNotification,
    OutboxMessage,
    Partner,
    PartnerKey,
    PartnerManifest,
    ManifestOperation,
    PartnerUsage,
    FieldUsageCount,
  ],
  migrations: [Initial1764000000000, ActionRefusals1766600000000, FieldUsage1766814000000],
  seed,
  outbox: (deps) => ({
    [ACTION_TOPIC]: protectiveActionDelivery(deps),
    [CHECK_TOPIC]: actionCheckDelivery(deps),
    [NOTIFICATION_TOPIC]: notificationDelivery(deps),
  }),
  accounts: (db: DataSource) => ({
    async byLogin(login) {
      const account = await db.getRepository(Account).findOneBy({ login });
      return account ? { id: account.id, status: account.status, personId: account.personId } : null;
    },
  }),
};

if (require.main === module) runStandalone(access);
