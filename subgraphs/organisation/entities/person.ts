import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

/** An employee of the City Office or a city entity. */
@Entity('person')
export class Person {
  @PrimaryColumn(ID) id: string;
  @Column(varchar(200)) name: string;
  /** `name` folded for sorting (common/collation). */
  @Column(varchar(200)) sortName: string;
  @Column({ ...varchar(200), nullable: true }) position: string | null;
  @Column({ ...varchar(200), nullable: true }) email: string | null;
  @Column({ ...ID, nullable: true }) unitId: string | null;
  @Column(TIME) createdAt: Date;
}
