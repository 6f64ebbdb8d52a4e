import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

/** A section of a channel (dział). */
@Entity('section')
export class Section {
  @PrimaryColumn(ID) id: string;
  @Column(ID) channelId: string;
  @Column(varchar(200)) name: string;
  @Column(varchar(100)) slug: string;
  @Column({ type: 'int' }) position: number;
  @Column(TIME) createdAt: Date;
}
