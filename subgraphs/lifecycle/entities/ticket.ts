import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

export const TICKET_PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'CRITICAL'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const TICKET_STATES = ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** A technical-assistance ticket for a channel's vendor, supervised by the editorial office. */
@Entity('assistance_ticket')
export class Ticket {
  @PrimaryColumn(ID) id: string;
  @Column(ID) channelId: string;
  @Column(varchar(200)) vendor: string;
  @Column(varchar(300)) title: string;
  @Column({ type: 'text' }) description: string;
  @Column(varchar(20)) priority: TicketPriority;
  @Column(TIME) deadline: Date;
  @Column(varchar(20)) state: TicketState;
  @Column(ID) openedByPersonId: string;
  @Column(TIME) openedAt: Date;
  @Column({ ...TIME, nullable: true }) resolvedAt: Date | null;
  @Column(TIME) updatedAt: Date;
  /** Issue 14: when its passing the deadline was announced to live updates; cleared when it is reopened. */
  @Column({ ...TIME, nullable: true }) overdueAnnouncedAt: Date | null;
}
