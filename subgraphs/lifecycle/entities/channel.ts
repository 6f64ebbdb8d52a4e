import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

export const CHANNEL_KINDS = [
  'PORTAL',
  'BIP',
  'INFORMATION_SERVICE',
  'WEBSITE',
  'SOCIAL_PROFILE',
  'MOBILE_APP',
  'ONLINE_SERVICE',
] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
/** NOT_APPROVED: a new service rejected or withdrawn before approval; it never went live, unlike RETIRED. */
export const CHANNEL_STATUSES = ['PROPOSED', 'LIVE', 'CHANGE_PENDING', 'FROZEN', 'RETIRED', 'NOT_APPROVED'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];
export type Supervision = 'EDITORIAL_OFFICE' | 'BIP';

/** A website, profile, app or online service of MPI, owned by a unit. */
@Entity('channel')
export class Channel {
  @PrimaryColumn(ID) id: string;
  @Column(varchar(200)) name: string;
  /** `name` folded for sorting (common/collation). */
  @Column(varchar(200)) sortName: string;
  @Column(varchar(100)) slug: string;
  @Column(varchar(30)) kind: ChannelKind;
  @Column(varchar(500)) address: string;
  @Column(varchar(20)) status: ChannelStatus;
  /** The status to return to when a freeze is lifted. */
  @Column({ ...varchar(20), nullable: true }) statusBeforeFreeze: ChannelStatus | null;
  /** JSON array of the incidents whose freeze is in force; the channel thaws when the last is lifted. */
  @Column({ type: 'text', nullable: true }) frozenByIncidents: string | null;
  @Column(varchar(20)) supervision: Supervision;
  @Column(ID) ownerUnitId: string;
  /** The graphic-line version the channel complies with. */
  @Column({ ...varchar(20), nullable: true }) graphicLineVersion: string | null;
  @Column(TIME) createdAt: Date;
  @Column(TIME) updatedAt: Date;
}

export const LINK_KINDS = ['LINKS_TO', 'PART_OF', 'MIRRORS'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** A link in the map of MPI: one channel links to, is part of, or mirrors another. */
@Entity('channel_link')
export class ChannelLink {
  @PrimaryColumn(ID) fromChannelId: string;
  @PrimaryColumn(ID) toChannelId: string;
  @Column(varchar(20)) kind: LinkKind;
  @Column(TIME) createdAt: Date;
}
