/**
 * R-T.3: the acts the audit log records are one list (subgraphs/common/audit.ts). Every subgraph's call sites are
 * typed by it, access stores it, and the API's `AuditAction` enum must name the same acts: an act the enum lacks
 * would be refused by access and its delivery retried for ever; an enum value no act uses would be a filter that
 * never finds anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import { AUDIT_ACTIONS } from '../../subgraphs/common/audit';

test('R-T.3 the AuditAction enum of the API names exactly the acts the platform records', () => {
  const sdl = fs.readFileSync(path.join(__dirname, '../../schema/access.graphql'), 'utf8');
  const schema = buildSchema(sdl, { assumeValidSDL: true });
  const type = schema.getType('AuditAction');
  if (!isEnumType(type)) throw new Error('schema/access.graphql has no enum AuditAction');
  expect(
    type
      .getValues()
      .map((value) => value.name)
      .sort(),
  ).toEqual([...AUDIT_ACTIONS].sort());
});
