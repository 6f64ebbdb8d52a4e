/**
 * the annual report is the Director of WKS's, and BIP is outside his supervision (it is
 * governed by a separate act). BIP's channels and publications are left out of his figures and
 * shown apart, labelled, for information; grants on BIP channels are left out of his grant figures.
 */
import { In, type DataSource } from 'typeorm';
import { Channel } from '../entities/channel';
import { isBipChannel } from './authority';

/** The label the report shows with BIP's figures (the report is in Polish). */
export const BIP_NOTE = [
  'Biuletyn Informacji Publicznej podlega odrębnej ustawie i nie jest objęty nadzorem Dyrektora Wydziału Komunikacji Społecznej',
  'ani Redakcji MPI (§ 3 zarządzenia nr 1447/2019). Jego dane podano osobno, do wiadomości; nie wchodzą do zestawień sprawozdania.',
].join(' ');

export interface ChannelCount {
  kind: string;
  status: string;
  count: number;
}

export interface BipFigures<P> {
  supervision: 'BIP';
  note: string;
  channels: ChannelCount[];
  publications: P[];
}

/** Channel counts as grouped by kind, status and supervision: BIP's apart, each side summed by kind and status. */
function splitChannels(rows: (ChannelCount & { supervision: Channel['supervision'] })[]): {
  own: ChannelCount[];
  bip: ChannelCount[];
} {
  const sum = (side: typeof rows): ChannelCount[] => {
    const byKey = new Map<string, ChannelCount>();
    for (const { kind, status, count } of side) {
      const key = `${kind}/${status}`;
      byKey.set(key, { kind, status, count: (byKey.get(key)?.count ?? 0) + count });
    }
    return [...byKey.values()];
  };
  const bip = (row: (typeof rows)[number]) =>
    isBipChannel({ kind: row.kind as Channel['kind'], supervision: row.supervision });
  return { own: sum(rows.filter((row) => !bip(row))), bip: sum(rows.filter(bip)) };
}

/** The BIP channels, whose grants the report's grant figures leave out. */
export async function bipChannelIds(db: DataSource): Promise<string[]> {
  const channels = await db.getRepository(Channel).find({ select: { id: true, kind: true, supervision: true } });
  return channels.filter(isBipChannel).map((c) => c.id);
}

/** Splits the year's figures: what the Director of WKS supervises, and BIP apart. */
export async function setBipApart<P extends { channelId: string }>(
  db: DataSource,
  channels: (ChannelCount & { supervision: Channel['supervision'] })[],
  publications: P[],
): Promise<{ channels: ChannelCount[]; publications: P[]; bip: BipFigures<P> }> {
  const ids = [...new Set(publications.map((p) => p.channelId))];
  const published = ids.length ? await db.getRepository(Channel).findBy({ id: In(ids) }) : [];
  const bipIds = new Set(published.filter(isBipChannel).map((c) => c.id));
  const { own, bip } = splitChannels(channels);
  return {
    channels: own,
    publications: publications.filter((p) => !bipIds.has(p.channelId)),
    bip: {
      supervision: 'BIP',
      note: BIP_NOTE,
      channels: bip,
      publications: publications.filter((p) => bipIds.has(p.channelId)),
    },
  };
}
