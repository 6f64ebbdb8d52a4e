import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIME, varchar } from '../../common/columns';

/** A version of the city's web graphic line (Linia graficzna Miasta w Internecie, R-6) with its design tokens. */
@Entity('graphic_line_version')
export class GraphicLineVersion {
  @PrimaryColumn(varchar(20)) version: string;
  /** JSON: { colours: [{name, value}], typography: [{name, fontFamily, size, weight}], logoRules: [string] } */
  @Column({ type: 'text' }) tokens: string;
  @Column({ type: 'text', nullable: true }) notes: string | null;
  @Column(TIME) publishedAt: Date;
}
