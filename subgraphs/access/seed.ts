/** Sample accounts for each role of the platform and the grants they work under. */
import type { DataSource } from 'typeorm';
import type { AccountStatus } from '../common/caller';
import { sampleDate, sampleId } from '../common/sample';
import { Account } from './entities/account';
import { Grant } from './entities/grant';

/** login → person key in the organisation sample data. */
const ACCOUNTS: { login: string; person: string; status?: AccountStatus }[] = [
  { login: 'anna.kowalczyk', person: 'editor-1' }, // editorial-office member
  { login: 'lukasz.gorski', person: 'editor-2' }, // editorial-office member
  { login: 'piotr.nowak', person: 'editor-in-chief' },
  { login: 'ewa.dabrowska', person: 'wks-director' },
  { login: 'andrzej.kozlowski', person: 'deputy-mayor' },
  { login: 'jan.wojcik', person: 'sysadmin' },
  { login: 'katarzyna.lewandowska', person: 'dpo' },
  { login: 'marek.kaminski', person: 'bip-admin' },
  { login: 'maria.wisniewska', person: 'kultura-head' }, // unit head
  { login: 'tomasz.zielinski', person: 'kultura-publisher' }, // designated publisher
  { login: 'pawel.mazur', person: 'kultura-clerk' }, // an account with no grants
  { login: 'barbara.jankowska', person: 'edukacja-head' }, // head of another unit
  { login: 'magdalena.wrobel', person: 'edukacja-publisher' },
  { login: 'zofia.krawczyk', person: 'zdmk-publisher', status: 'SUSPENDED' },
];

/** [login, unit key, channel key] of PUBLISH grants. */
const GRANTS: [string, string, string][] = [
  ['tomasz.zielinski', 'kultura', 'portal'],
  ['tomasz.zielinski', 'kultura', 'kultura-web'],
  ['anna.kowalczyk', 'wks', 'portal'],
  ['anna.kowalczyk', 'wks', 'info'],
  ['piotr.nowak', 'wks', 'info'],
  ['lukasz.gorski', 'wks', 'facebook'],
  ['magdalena.wrobel', 'edukacja', 'edukacja-web'],
  ['marek.kaminski', 'won', 'bip'],
  ['zofia.krawczyk', 'zdmk', 'zdmk-web'],
];

function personOf(login: string): string {
  const account = ACCOUNTS.find((a) => a.login === login);
  if (!account) throw new Error(`sample grant for unknown login ${login}`);
  return account.person;
}

export async function seed(db: DataSource): Promise<void> {
  if ((await db.getRepository(Account).count()) > 0) return;
  await db.transaction(async (tx) => {
    await tx.getRepository(Account).insert(
      ACCOUNTS.map((account) => ({
        id: sampleId(`account:${account.login}`),
        login: account.login,
        personId: sampleId(`person:${account.person}`),
        status: account.status ?? 'ACTIVE',
        statusChangedAt: account.status === 'SUSPENDED' ? sampleDate(10) : null,
        statusReason: account.status === 'SUSPENDED' ? 'Podejrzenie przejęcia konta (dane przykładowe)' : null,
        createdAt: sampleDate(300),
      })),
    );
    await tx.getRepository(Grant).insert(
      GRANTS.map(([login, unit, channel], i) => ({
        id: sampleId(`grant:${login}:${unit}:${channel}`),
        accountId: sampleId(`account:${login}`),
        permission: 'PUBLISH' as const,
        unitId: sampleId(`unit:${unit}`),
        channelId: sampleId(`channel:${channel}`),
        designationId: sampleId(`designation:${personOf(login)}:${unit}`),
        validFrom: sampleDate(200),
        validUntil: null,
        basis: 'Dane przykładowe',
        grantedByAccountId: sampleId(`account:${channel === 'bip' ? 'marek.kaminski' : 'piotr.nowak'}`),
        revokedAt: null,
        revokedByAccountId: null,
        revocationReason: null,
        createdAt: sampleDate(200 - i),
      })),
    );
  });
}
