/** Sample channels of MPI: the portal, BIP, the information service, unit websites, a profile, an app, a service. */
import type { DataSource } from 'typeorm';
import { sortKey } from '../common/collation';
import { sampleDate, sampleId } from '../common/sample';
import { Channel, type ChannelKind, type ChannelStatus } from './entities/channel';

const CHANNELS: { key: string; name: string; kind: ChannelKind; address: string; owner: string; status?: ChannelStatus }[] = [
  { key: 'portal', name: 'Magiczny Kraków', kind: 'PORTAL', address: 'https://www.krakow.pl', owner: 'wks' },
  { key: 'bip', name: 'Biuletyn Informacji Publicznej Miasta Krakowa', kind: 'BIP', address: 'https://www.bip.krakow.pl', owner: 'won' },
  { key: 'info', name: 'Serwis Informacyjny UMK', kind: 'INFORMATION_SERVICE', address: 'https://www.krakow.pl/aktualnosci', owner: 'wks' },
  { key: 'kultura-web', name: 'Kultura w Krakowie', kind: 'WEBSITE', address: 'https://kultura.krakow.pl', owner: 'kultura' },
  { key: 'edukacja-web', name: 'Edukacja w Krakowie', kind: 'WEBSITE', address: 'https://edukacja.krakow.pl', owner: 'edukacja' },
  { key: 'zdmk-web', name: 'Zarząd Dróg Miasta Krakowa', kind: 'WEBSITE', address: 'https://zdmk.krakow.pl', owner: 'zdmk' },
  { key: 'mops-web', name: 'MOPS Kraków', kind: 'WEBSITE', address: 'https://mops.krakow.pl', owner: 'mops', status: 'FROZEN' },
  { key: 'facebook', name: 'Magiczny Kraków na Facebooku', kind: 'SOCIAL_PROFILE', address: 'https://www.facebook.com/MagicznyKrakow', owner: 'wks' },
  { key: 'app', name: 'Magiczny Kraków – aplikacja mobilna', kind: 'MOBILE_APP', address: 'https://www.krakow.pl/aplikacja', owner: 'wks' },
  { key: 'ebom', name: 'Elektroniczne Biuro Obsługi Mieszkańców', kind: 'ONLINE_SERVICE', address: 'https://ebom.krakow.pl', owner: 'informatyka' },
  { key: 'zielen-web', name: 'Zielony Kraków', kind: 'WEBSITE', address: 'https://zielen.krakow.pl', owner: 'zzm', status: 'PROPOSED' },
  { key: 'festiwale-web', name: 'Festiwale Krakowa', kind: 'WEBSITE', address: 'https://festiwale.krakow.pl', owner: 'kbf', status: 'RETIRED' },
];

export async function seed(db: DataSource): Promise<void> {
  if ((await db.getRepository(Channel).count()) > 0) return;
  await db.transaction(async (tx) => {
    await tx.getRepository(Channel).insert(
      CHANNELS.map((channel, i) => ({
        id: sampleId(`channel:${channel.key}`),
        name: channel.name,
        sortName: sortKey(channel.name),
        slug: channel.key,
        kind: channel.kind,
        address: channel.address,
        status: channel.status ?? 'LIVE',
        supervision: channel.kind === 'BIP' ? ('BIP' as const) : ('EDITORIAL_OFFICE' as const),
        ownerUnitId: sampleId(`unit:${channel.owner}`),
        createdAt: sampleDate(390 - i),
      })),
    );
  });
}
