/** Issue 14: the window of live events a gateway keeps for clients that resume (gateway/subscriptions/event-log.ts). */
import { inProcessChanges, type LiveEvent } from '../../platform/changes';
import { EventLog } from '../../gateway/subscriptions/event-log';

const event = (id: string): LiveEvent => ({ id, type: 'documentPublished', ids: { documentId: id } });

describe('issue 14: the replay window of live events', () => {
  const bus = inProcessChanges();
  let log: EventLog;
  afterEach(() => log?.stop());

  test('issue 14: a client resumes after the last event it saw, and an event told twice is kept and told once', async () => {
    log = new EventLog({ maxEvents: 10, maxAgeMs: 60_000 });
    log.listen(bus);
    const heard: string[] = [];
    log.onEvent((each) => heard.push(each.id));
    await bus.publishEvents([event('a'), event('b')]);
    await bus.publishEvents([event('b'), event('c')]); // an outbox redelivery of "b"
    expect(heard).toEqual(['a', 'b', 'c']);
    const replay = log.after('a');
    expect(replay.kind === 'after' && replay.events.map((each) => each.id)).toEqual(['b', 'c']);
    expect(log.after('c')).toEqual({ kind: 'after', events: [] });
  });

  test('issue 14: the window is bounded by count and by age; past it the id is unknown', async () => {
    log = new EventLog({ maxEvents: 2, maxAgeMs: 60_000 });
    log.listen(bus);
    await bus.publishEvents([event('a'), event('b'), event('c')]);
    expect(log.after('a')).toEqual({ kind: 'unknown' });
    expect(log.after('b')).toEqual({ kind: 'after', events: [event('c')] });

    const now = jest.spyOn(Date, 'now');
    try {
      const aged = new EventLog({ maxEvents: 100, maxAgeMs: 1000 });
      aged.listen(bus);
      now.mockReturnValue(1_000_000);
      await bus.publishEvents([event('x'), event('y')]);
      now.mockReturnValue(1_000_000 + 1001);
      expect(aged.after('x')).toEqual({ kind: 'unknown' });
      aged.stop();
    } finally {
      now.mockRestore();
    }
  });
});
