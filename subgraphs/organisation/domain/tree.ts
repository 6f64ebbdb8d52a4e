/** The unit tree: a department's head answers for its sections too. */
import type { DataSource } from 'typeorm';
import { Unit } from '../entities/unit';

/** True when `unitId` is `ancestorId` or lies below it. */
export async function isWithin(db: DataSource, unitId: string | null, ancestorId: string): Promise<boolean> {
  const seen = new Set<string>();
  let current = unitId;
  while (current && !seen.has(current)) {
    if (current === ancestorId) return true;
    seen.add(current);
    current =
      (await db.getRepository(Unit).findOne({ select: { id: true, parentId: true }, where: { id: current } }))
        ?.parentId ?? null;
  }
  return false;
}
