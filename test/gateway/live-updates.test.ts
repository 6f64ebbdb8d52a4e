/**
 * Issue 14, part 2: live updates for dashboards. Subscriptions are served by the gateway itself, over Server-Sent
 * Events in the graphql-sse protocol (here with graphql-sse's own client) and over Apollo Client's multipart
 * subscriptions (here with a real Apollo Client). Events come from the subgraphs' outboxes; each payload is read
 * through the supergraph with the subscriber's own rights, asked again on every event.
 */
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { createClient, type Client } from 'graphql-sse';
import { FunctionHolding } from '../../subgraphs/organisation/entities/function-holding';
import { account, channel, cultureDocument, person, unit } from '../support/documents';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const OPEN = 'mutation($input: OpenIncidentInput!) { openIncident(input: $input) { id } }';
const MOVE = 'mutation($id: ID!) { setIncidentState(id: $id, state: CONTAINED, note: "Hasła zmienione") { id state } }';
const INCIDENT_CHANGED = 'subscription { incidentChanged { id title state openedBy { login } } }';

interface Result {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** A subscription's results as they arrive, and how it ended. */
class Received {
  readonly results: Result[] = [];
  ended?: { error?: unknown };
  private waiters: (() => void)[] = [];

  push(result: Result): void {
    this.results.push(result);
    this.wake();
  }

  end(error?: unknown): void {
    this.ended = { error };
    this.wake();
  }

  /** Waits until `count` results arrived (or the stream ended); fails after `ms`. */
  async atLeast(count: number, ms = 5000): Promise<Result[]> {
    const deadline = Date.now() + ms;
    while (this.results.length < count && !this.ended) {
      if (Date.now() > deadline) throw new Error(`only ${this.results.length} of ${count} results after ${ms} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.results;
  }

  async ending(ms = 5000): Promise<{ error?: unknown }> {
    const deadline = Date.now() + ms;
    while (!this.ended && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (!this.ended) throw new Error(`the stream did not end within ${ms} ms`);
    return this.ended;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

describe('issue 14: live updates through the gateway', () => {
  let platform: TestPlatform;
  const clients: Client[] = [];
  const stops: (() => void)[] = [];

  const sse = async (as?: string, headers: Record<string, string> = {}, url = platform.gatewayUrl) => {
    const authorization = as ? `Bearer ${await platform.token(as)}` : undefined;
    const client = createClient({
      url,
      retryAttempts: 0,
      headers: () => ({ ...headers, ...(authorization ? { authorization } : {}) }),
    });
    clients.push(client);
    return client;
  };
  const subscribe = (client: Client, query: string, variables: Record<string, unknown> = {}) => {
    const received = new Received();
    stops.push(
      client.subscribe(
        { query, variables },
        {
          next: (result) => received.push(result as Result),
          error: (error) => received.end(error),
          complete: () => received.end(),
        },
      ),
    );
    return received;
  };
  const openIncident = async (title: string, extra: Record<string, unknown> = {}) => {
    const opened = await platform.query(
      OPEN,
      { input: { title, description: 'Wykryto podejrzane logowania.', personalDataInvolved: false, ...extra } },
      'anna.kowalczyk',
    );
    expect(opened.errors).toBeUndefined();
    return opened.data!.openIncident.id as string;
  };

  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    for (const client of clients.splice(0)) client.dispose();
  });
  afterAll(async () => {
    await platform?.stop();
  });

  test('issue 14: an incident opened by one account arrives at a subscribed editor within 1 s, and its next state too', async () => {
    const received = subscribe(await sse('lukasz.gorski'), INCIDENT_CHANGED);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the stream is open
    const id = await openIncident('Nieudane logowania na konto redakcji');
    // Counted from the moment the incident is open (its act committed and answered), not from the opener's request.
    const opened = Date.now();
    const [first] = await received.atLeast(1, 1000);
    expect(Date.now() - opened).toBeLessThan(1000);
    expect(first.data).toEqual({
      incidentChanged: {
        id,
        title: 'Nieudane logowania na konto redakcji',
        state: 'OPEN',
        openedBy: { login: 'anna.kowalczyk' },
      },
    });
    expect(first.extensions?.eventId).toEqual(expect.any(String));

    const contained = await platform.query(MOVE, { id }, 'anna.kowalczyk');
    expect(contained.errors).toBeUndefined();
    const results = await received.atLeast(2);
    expect(results[1].data!.incidentChanged).toMatchObject({ id, state: 'CONTAINED' });
  });

  test('issue 14: an account without the role is refused when subscribing, and so is the public', async () => {
    for (const [as, status, code] of [
      ['pawel.mazur', 403, 'FORBIDDEN'],
      [undefined, 401, 'UNAUTHENTICATED'],
    ] as const) {
      const received = subscribe(await sse(as), INCIDENT_CHANGED);
      const { error } = await received.ending();
      const response = (error as { response?: Response }).response!;
      expect(response.status).toBe(status);
      const body = (await response.json()) as Result;
      expect(body.errors![0].extensions!.code).toBe(code);
      expect(body.errors![0].message).toMatch(as ? /editorial office|read security incidents/i : /sign in/i);
    }
    // Editorial dashboards' other streams too.
    const inbox = subscribe(await sse('tomasz.zielinski'), 'subscription { inboxChanged { id } }');
    expect(((await inbox.ending()).error as { response: Response }).response.status).toBe(403);
  });

  test('issue 14: a bad subscription is a 400 with a code that says why', async () => {
    const received = subscribe(await sse('anna.kowalczyk'), 'subscription { incidentChanged { nope } }');
    const response = ((await received.ending()).error as { response: Response }).response;
    expect(response.status).toBe(400);
    expect(((await response.json()) as Result).errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test("issue 14: anyone may watch a channel's publications; only that channel's, and only what they may read", async () => {
    const query =
      'subscription($channelId: ID) { published: documentPublished(channelId: $channelId) { title channel { slug } } }';
    const received = subscribe(await sse(), query, { channelId: channel('kultura-web') });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cultureDocument(platform, { title: 'Szkic, którego nikt nie widzi' }, { draft: true });
    await platform.query(
      'mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id } }',
      {
        input: {
          channelId: channel('portal'),
          responsibleUnitId: unit('kultura'),
          title: 'Na portalu',
          body: '<p>x</p>',
          kind: 'NEWS',
        },
      },
      'tomasz.zielinski',
    );
    await cultureDocument(platform, { title: 'Noc Muzeów 2027' });
    const [first] = await received.atLeast(1);
    expect(first.data).toEqual({ published: { title: 'Noc Muzeów 2027', channel: { slug: 'kultura-web' } } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.results).toHaveLength(1);
  });

  test("issue 14: a suspended account's stream is closed with the reason", async () => {
    const received = subscribe(await sse('lukasz.gorski'), INCIDENT_CHANGED);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await openIncident('Przejęte konto redaktora', { suspendAccountIds: [account('lukasz.gorski')] });
    const results = await received.atLeast(1);
    expect(results.at(-1)!.errors![0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: expect.stringMatching(/suspended/),
    });
    expect(results.some((result) => result.data)).toBe(false); // the incident itself is not shown to the suspended account
    await received.ending();
  });

  test('issue 14: a role revoked while subscribed stops the events', async () => {
    const editor = subscribe(await sse('piotr.nowak'), INCIDENT_CHANGED);
    const dpo = subscribe(await sse('katarzyna.lewandowska'), INCIDENT_CHANGED);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await openIncident('Pierwsze zdarzenie');
    await editor.atLeast(1);
    await dpo.atLeast(1);
    // The DPO function passes to someone else (live organisation data; no cache across requests).
    await platform.subgraphs.organisation.db
      .getRepository(FunctionHolding)
      .update({ personId: person('dpo'), function: 'DPO' }, { endedAt: new Date() });
    await openIncident('Drugie zdarzenie');
    await editor.atLeast(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(dpo.results).toHaveLength(1);
    expect(dpo.ended).toBeUndefined();
  });

  test("issue 14: the dashboard's other streams: service requests, overdue tickets, the annual report and the inbox", async () => {
    const editor = await sse('anna.kowalczyk');
    const requests = subscribe(editor, 'subscription { serviceRequestChanged { id state } }');
    const tickets = subscribe(editor, 'subscription { ticketOverdue { title overdue } }');
    const reports = subscribe(editor, 'subscription { annualReportChanged { year state } }');
    const inbox = subscribe(
      editor,
      'subscription { inboxChanged { undecidedRequests { id } overdueTickets { title } } }',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    const submitted = await platform.query(
      'mutation($input: SubmitServiceRequestInput!) { submitServiceRequest(input: $input) { id } }',
      {
        input: {
          kind: 'NEW_SERVICE',
          unitId: unit('kultura'),
          proposedName: 'Kraków Jazzowy',
          proposedKind: 'WEBSITE',
          proposedAddress: 'https://jazz.krakow.pl',
          proposedSlug: 'jazz',
          description: 'Nowy serwis.',
          justification: 'Festiwale.',
          graphicLineVersion: '2024.1',
          checklist: [{ item: 'Herb', compliant: true }],
        },
      },
      'maria.wisniewska',
    );
    expect(submitted.errors).toBeUndefined();
    const requestId = submitted.data!.submitServiceRequest.id;
    expect((await requests.atLeast(1))[0].data).toEqual({
      serviceRequestChanged: { id: requestId, state: 'SUBMITTED' },
    });
    await inbox.atLeast(1);
    expect(inbox.results[0].data!.inboxChanged.undecidedRequests).toContainEqual({ id: requestId });
    await platform.query(
      'mutation($input: DecideServiceRequestInput!) { decideServiceRequest(input: $input) { decision } }',
      { input: { requestId, decision: 'REJECT', rationale: 'Dubluje serwis Kultury.' } },
      'anna.kowalczyk',
    );
    expect((await requests.atLeast(2))[1].data).toEqual({
      serviceRequestChanged: { id: requestId, state: 'REJECTED' },
    });

    // No act: the deadline passes, the lifecycle subgraph notices (every SCHEDULER_INTERVAL_MS) and tells once.
    const deadline = new Date(Date.now() + 1500).toISOString();
    const ticket = await platform.query(
      'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }',
      {
        input: {
          channelId: channel('portal'),
          vendor: 'Asseco',
          title: 'Formularz nie działa',
          description: 'Nie wysyła się.',
          priority: 'HIGH',
          deadline,
        },
      },
      'anna.kowalczyk',
    );
    expect(ticket.errors).toBeUndefined();
    const overdue = await tickets.atLeast(1, 5000);
    expect(overdue.map((result) => result.data!.ticketOverdue)).toContainEqual({
      title: 'Formularz nie działa',
      overdue: true,
    });
    await inbox.atLeast(3, 5000);
    expect(inbox.results.at(-1)!.data!.inboxChanged.overdueTickets).toContainEqual({ title: 'Formularz nie działa' });

    const year = new Date().getUTCFullYear();
    const generated = await platform.query(
      'mutation($year: Int!) { generateAnnualReport(year: $year) { state } }',
      { year },
      'ewa.dabrowska',
    );
    expect(generated.errors).toBeUndefined();
    expect((await reports.atLeast(1))[0].data).toEqual({ annualReportChanged: { year, state: 'DRAFT' } });
  });

  test('issue 14: the inbox changes with designations and grants too (designations waiting for a grant)', async () => {
    const inbox = subscribe(
      await sse('anna.kowalczyk'),
      'subscription { inboxChanged { designationsWithoutGrants { person { name } } } }',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const designated = await platform.query(
      'mutation($input: DesignatePublisherInput!) { designatePublisher(input: $input) { id } }',
      {
        input: {
          unitId: unit('kultura'),
          personId: person('kultura-clerk'),
          channelIds: [channel('kultura-web')],
          basis: 'Polecenie KD-1/2026',
        },
      },
      'maria.wisniewska',
    );
    expect(designated.errors).toBeUndefined();
    const [first] = await inbox.atLeast(1);
    expect(first.data!.inboxChanged.designationsWithoutGrants).toContainEqual({ person: { name: 'Paweł Mazur' } });
    const granted = await platform.query(
      'mutation($input: GrantPermissionInput!) { grantPermission(input: $input) { id } }',
      {
        input: {
          accountId: account('pawel.mazur'),
          permission: 'PUBLISH',
          unitId: unit('kultura'),
          channelId: channel('kultura-web'),
          basis: 'Wniosek KD',
        },
      },
      'anna.kowalczyk',
    );
    expect(granted.errors).toBeUndefined();
    const results = await inbox.atLeast(2);
    expect(results[1].data!.inboxChanged.designationsWithoutGrants).not.toContainEqual({
      person: { name: 'Paweł Mazur' },
    });
  });

  test('issue 14: Apollo Client subscribes over HTTP multipart out of the box', async () => {
    const token = await platform.token('anna.kowalczyk');
    const apollo = new ApolloClient({
      link: new HttpLink({ uri: platform.gatewayUrl, headers: { authorization: `Bearer ${token}` } }),
      cache: new InMemoryCache(),
    });
    const received = new Received();
    const subscription = apollo
      .subscribe({
        query: gql`
          subscription {
            incidentChanged {
              id
              state
            }
          }
        `,
      })
      .subscribe({
        next: (result) => received.push(result as Result),
        error: (error) => received.end(error),
        complete: () => received.end(),
      });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const id = await openIncident('Apollo Client widzi incydent');
      const opened = Date.now(); // the incident is open: its act committed and answered
      const [first] = await received.atLeast(1, 1000);
      expect(Date.now() - opened).toBeLessThan(1000);
      expect(first.data).toEqual({ incidentChanged: { __typename: 'Incident', id, state: 'OPEN' } });
      // An account without the role: refused before any stream, with the code in the error.
      const refusedToken = await platform.token('pawel.mazur');
      const refusedClient = new ApolloClient({
        link: new HttpLink({ uri: platform.gatewayUrl, headers: { authorization: `Bearer ${refusedToken}` } }),
        cache: new InMemoryCache(),
      });
      const outcome = await new Promise<{ error?: unknown }>((resolve) =>
        refusedClient
          .subscribe({
            query: gql`
              subscription {
                incidentChanged {
                  id
                }
              }
            `,
          })
          .subscribe({
            next: (result) => resolve(result as { error?: unknown }),
            error: (error: unknown) => resolve({ error }),
          }),
      );
      const refusal = outcome.error as { errors?: { extensions?: { code?: string } }[]; message: string };
      expect(refusal.errors?.[0].extensions?.code ?? refusal.message).toMatch(/FORBIDDEN/);
      refusedClient.stop();
    } finally {
      subscription.unsubscribe();
      apollo.stop();
    }
  });
});
