/**
 * "What changed", told from the subgraph's outbox, in the transaction of the act that changed it,
 * to whoever keeps copies (the gateway's response cache; platform/changes.ts carries it).
 * Tags name one entity (`Document:12`) or every list of a type (`Document:*`), which a new or
 * withdrawn entity may join or leave.
 */
import type { EntityManager } from 'typeorm';
import type { ChangeBus } from '../../platform/changes';
import { enqueue, type OutboxHandler } from './outbox';

export const CHANGES_TOPIC = 'changes';

export type ChangedType = 'Document' | 'Channel' | 'ChannelLink' | 'Unit' | 'Person' | 'Section' | 'GraphicLineVersion';

/** An entity changed; `listsToo` when it may have joined or left lists (published, withdrawn, moved, renamed). */
export function changed(type: ChangedType, id: string, listsToo = true): string[] {
  return listsToo ? [`${type}:${id}`, `${type}:*`] : [`${type}:${id}`];
}

/** Something of the type appeared or went, with no id a cached answer could hold (a new version, a link). */
export function changedAny(type: ChangedType): string[] {
  return [`${type}:*`];
}

/** Records a change inside the act's transaction. */
export function enqueueChange(manager: EntityManager, tags: string[]): Promise<void> {
  return enqueue(manager, CHANGES_TOPIC, { tags });
}

/** The relay's handler: one announcement for a batch of changes. */
export function changesDelivery(bus: ChangeBus): OutboxHandler {
  return async (messages) => {
    const tags = new Set<string>();
    for (const message of messages)
      for (const tag of (JSON.parse(message.payload) as { tags: string[] }).tags) tags.add(tag);
    await bus.publish([...tags]);
  };
}
