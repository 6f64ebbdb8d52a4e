import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * a new service that was rejected, or withdrawn before a decision, never went live. Until
 * this state existed its channel was recorded as RETIRED; those channels become NOT_APPROVED (also
 * when frozen meanwhile, in the status a freeze returns to). The status column is free text, so
 * only data changes; services that ran and were retired stay RETIRED.
 */
const NEVER_LIVE =
  "id IN (SELECT r.channelId FROM service_request r WHERE r.kind = 'NEW_SERVICE' AND r.state IN ('REJECTED', 'WITHDRAWN'))";

export class ChannelNotApproved1766100000000 implements MigrationInterface {
  name = 'ChannelNotApproved1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE channel SET status = 'NOT_APPROVED' WHERE status = 'RETIRED' AND ${NEVER_LIVE}`);
    await runner.query(
      `UPDATE channel SET statusBeforeFreeze = 'NOT_APPROVED' WHERE statusBeforeFreeze = 'RETIRED' AND ${NEVER_LIVE}`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query("UPDATE channel SET status = 'RETIRED' WHERE status = 'NOT_APPROVED'");
    await runner.query("UPDATE channel SET statusBeforeFreeze = 'RETIRED' WHERE statusBeforeFreeze = 'NOT_APPROVED'");
  }
}
