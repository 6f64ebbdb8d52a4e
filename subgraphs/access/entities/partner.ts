import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, TIME, varchar } from '../../common/columns';

/** An integration partner (another city system, a medium, an aggregator) that reads MPI through persisted queries. */
@Entity('partner')
export class Partner {
  @PrimaryColumn(ID) id: string;
  @Column(varchar(200)) name: string;
  @Column(varchar(200)) contact: string;
  @Column({ type: 'int' }) rateLimitPerMinute: number;
  @Column(ID) registeredByAccountId: string;
  @Column(TIME) createdAt: Date;
}

/** An API key of a partner: only its SHA-256 is stored; the key itself is shown once, when issued. */
@Entity('partner_key')
export class PartnerKey {
  @PrimaryColumn(ID) id: string;
  @Column(ID) partnerId: string;
  @Column(varchar(64)) keyHash: string;
  /** The key's first characters, to tell keys apart. */
  @Column(varchar(12)) prefix: string;
  @Column(TIME) createdAt: Date;
  @Column({ ...TIME, nullable: true }) revokedAt: Date | null;
}

export const MANIFEST_STATES = ['ACTIVE', 'PREVIOUS', 'RETIRED'] as const;
export type ManifestState = (typeof MANIFEST_STATES)[number];

/** A version of a partner's persisted-query manifest; the active one and the previous one are served (rollout). */
@Entity('partner_manifest')
export class PartnerManifest {
  @PrimaryColumn(ID) id: string;
  @Column(ID) partnerId: string;
  @Column({ type: 'int' }) version: number;
  @Column(varchar(20)) state: ManifestState;
  @Column({ type: 'int' }) operationCount: number;
  @Column(ID) uploadedByAccountId: string;
  @Column(TIME) uploadedAt: Date;
}

/** One operation of a manifest: its id is the SHA-256 of its body. */
@Entity('manifest_operation')
export class ManifestOperation {
  @PrimaryColumn(ID) manifestId: string;
  @PrimaryColumn(varchar(64)) operationId: string;
  @Column(varchar(200)) name: string;
  @Column(varchar(20)) type: string;
  @Column({ type: 'text' }) body: string;
}

/** Requests a partner made with one operation on one day, with their latency. */
@Entity('partner_usage')
export class PartnerUsage {
  @PrimaryColumn(ID) partnerId: string;
  @PrimaryColumn(varchar(64)) operationId: string;
  @PrimaryColumn(varchar(10)) day: string;
  @Column({ type: 'int' }) count: number;
  @Column({ type: 'int' }) refused: number;
  @Column({ type: 'int' }) totalMs: number;
  @Column({ type: 'int' }) maxMs: number;
}
