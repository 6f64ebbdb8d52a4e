import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

export const UNIT_KINDS = ['OFFICE_CELL', 'CITY_ENTITY'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A cell of the City Office or a city entity; units form a tree. Its head is a function holding. */
@Entity('unit')
export class Unit {
  @PrimaryColumn(ID) id: string;
  @Column(varchar(200)) name: string;
  /** `name` folded for sorting (common/collation). */
  @Column(varchar(200)) sortName: string;
  @Column({ ...varchar(50), nullable: true }) shortName: string | null;
  @Column(varchar(20)) kind: UnitKind;
  @Column({ ...ID, nullable: true }) parentId: string | null;
  @Column({ type: 'boolean', default: false }) isEditorialOffice: boolean;
  @Column(TIME) createdAt: Date;
}
