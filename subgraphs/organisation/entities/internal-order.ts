import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

/**
 * An internal order of a unit head (wewnętrzne polecenie służbowe, R-4.2): which information the
 * unit publishes and who prepares, updates and publishes it. Versioned; one in force per unit.
 */
@Entity('internal_order')
export class InternalOrder {
  @PrimaryColumn(ID) id: string;
  @Column(ID) unitId: string;
  @Column(varchar(100)) number: string;
  /** The date on the order, YYYY-MM-DD. */
  @Column(varchar(10)) issuedOn: string;
  @Column({ type: 'int' }) version: number;
  /** Equals unitId while in force, null once superseded: a unique index keeps one in force per unit. */
  @Column({ ...ID, nullable: true }) inForceUnitId: string | null;
  @Column({ ...TIME, nullable: true }) supersededAt: Date | null;
  @Column({ ...ID, nullable: true }) supersededById: string | null;
  @Column(ID) issuedByPersonId: string;
  @Column(TIME) createdAt: Date;
}

export const DUTIES = ['PREPARE', 'UPDATE', 'PUBLISH'] as const;
export type Duty = (typeof DUTIES)[number];

/** A category of information an order makes the unit publish. */
@Entity('order_category')
export class OrderCategory {
  @PrimaryColumn(ID) id: string;
  @Column(ID) orderId: string;
  @Column({ type: 'int' }) position: number;
  @Column(varchar(200)) name: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
}

/** A named person's duty for one category (odpowiedzialność imienna). */
@Entity('order_responsibility')
export class OrderResponsibility {
  @PrimaryColumn(ID) id: string;
  @Column(ID) categoryId: string;
  @Column(ID) personId: string;
  @Column(varchar(20)) duty: Duty;
}
