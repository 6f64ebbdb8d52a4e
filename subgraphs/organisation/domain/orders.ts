/**
 * Internal orders: a unit head sets which information the unit publishes and, for each
 * category, the named people who prepare, update and publish it. Issuing a new order supersedes the
 * one in force in the same transaction; superseded orders stay readable.
 */
import crypto from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { auditRecord, enqueueAudit } from '../../common/audit';
import type { Caller } from '../../common/caller';
import { isUniqueViolation } from '../../common/database';
import { badInput, conflict, notFound } from '../../../platform/errors';
import { inTransaction } from '../../common/transaction';
import { InternalOrder, OrderCategory, OrderResponsibility, type Duty } from '../entities/internal-order';
import { Person } from '../entities/person';
import { Unit } from '../entities/unit';
import { assertHeadOf } from './authority';
import { isWithin } from './tree';
import { isoDate, optionalText, requiredText } from './validation';

export interface CategoryInput {
  name: string;
  description?: string | null;
  preparedBy: string[];
  updatedBy: string[];
  publishedBy: string[];
}

export interface IssueOrder {
  unitId: string;
  number: string;
  issuedOn: string;
  categories: CategoryInput[];
}

const DUTY_FIELDS: [keyof CategoryInput & ('preparedBy' | 'updatedBy' | 'publishedBy'), Duty][] = [
  ['preparedBy', 'PREPARE'],
  ['updatedBy', 'UPDATE'],
  ['publishedBy', 'PUBLISH'],
];

export async function issueOrder(db: DataSource, caller: Caller, input: IssueOrder): Promise<InternalOrder> {
  if (!(await db.getRepository(Unit).existsBy({ id: input.unitId })))
    throw notFound(`No unit with id ${input.unitId}.`);
  assertHeadOf(caller, input.unitId, "issue the unit's internal orders");
  const number = requiredText(input.number, 'number', 100);
  const issuedOn = isoDate(input.issuedOn, 'issuedOn');
  if (input.categories.length === 0)
    throw badInput('An order names at least one category of information.', 'categories');
  const names = new Set<string>();
  for (const category of input.categories) {
    const name = requiredText(category.name, 'categories.name', 200);
    if (names.has(name.toLowerCase())) throw badInput(`The category "${name}" is named twice.`, 'categories');
    names.add(name.toLowerCase());
    for (const [field] of DUTY_FIELDS) {
      if (category[field].length === 0)
        throw badInput(`Category "${name}" names nobody in "${field}" (R-4.2: responsibility is named).`, field);
    }
  }
  await assertPeopleOfUnit(
    db,
    input.unitId,
    input.categories.flatMap((c) => DUTY_FIELDS.flatMap(([field]) => c[field])),
  );

  try {
    return await inTransaction(db, async (tx) => {
      const orders = tx.getRepository(InternalOrder);
      if (await orders.existsBy({ unitId: input.unitId, number })) {
        throw conflict(`The unit already has an order numbered "${number}".`);
      }
      const current = await orders.findOneBy({ inForceUnitId: input.unitId });
      const latest = await orders.findOne({ where: { unitId: input.unitId }, order: { version: 'DESC' } });
      const now = new Date();
      const order = orders.create({
        id: crypto.randomUUID(),
        unitId: input.unitId,
        number,
        issuedOn,
        version: (latest?.version ?? 0) + 1,
        inForceUnitId: input.unitId,
        supersededAt: null,
        supersededById: null,
        issuedByPersonId: caller.personId,
        createdAt: now,
      });
      if (current)
        await orders.update({ id: current.id }, { inForceUnitId: null, supersededAt: now, supersededById: order.id });
      await orders.insert(order);
      for (const [position, category] of input.categories.entries()) {
        const categoryId = crypto.randomUUID();
        await tx.getRepository(OrderCategory).insert({
          id: categoryId,
          orderId: order.id,
          position,
          name: category.name.trim(),
          description: optionalText(category.description, 'categories.description', 2000),
        });
        const duties = DUTY_FIELDS.flatMap(([field, duty]) =>
          [...new Set(category[field])].map((personId) => ({ personId, duty })),
        );
        await tx
          .getRepository(OrderResponsibility)
          .insert(duties.map((d) => ({ id: crypto.randomUUID(), categoryId, ...d })));
      }
      await enqueueAudit(
        tx,
        auditRecord(
          'organisation',
          caller,
          'ORDER_ISSUED',
          { type: 'InternalOrder', id: order.id },
          `Polecenie nr ${number} z ${issuedOn}`,
          {
            unitId: input.unitId,
            version: order.version,
            supersedes: current?.id ?? null,
            categories: input.categories.map((c) => c.name.trim()),
          },
        ),
      );
      return order;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict('Another order for this unit was issued at the same moment; reload and try again.');
    throw error;
  }
}

/** Everyone named must work in the unit the order is for. */
async function assertPeopleOfUnit(db: DataSource, unitId: string, personIds: string[]): Promise<void> {
  const ids = [...new Set(personIds)];
  const people = await db.getRepository(Person).findBy({ id: In(ids) });
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const id of ids) {
    const person = byId.get(id);
    if (!person) throw badInput(`No person with id ${id}.`, 'categories');
    if (!(await isWithin(db, person.unitId, unitId)))
      throw badInput(
        `${person.name} does not work in this unit; an order names the unit's own employees.`,
        'categories',
      );
  }
}
