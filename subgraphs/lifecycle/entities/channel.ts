import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

export const CHANNEL_KINDS = ['PORTAL', 'BIP', 'INFORMATION_SERVICE', 'WEBSITE', 'SOCIAL_PROFILE', 'MOBILE_APP', 'ONLINE_SERVICE'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const CHANNEL_STATUSES = ['PROPOSED', 'LIVE', 'CHANGE_PENDING', 'FROZEN', 'RETIRED'] as const;
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
  @Column(varchar(20)) supervision: Supervision;
  @Column(ID) ownerUnitId: string;
  @Column(TIME) createdAt: Date;
}
