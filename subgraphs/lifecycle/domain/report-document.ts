/**
 * The annual report as the document a citizen reads in "Sprawozdania i analizy" (R-7.2): in Polish,
 * units and channels by name, every table with a header row and a total, and the Director of WKS
 * named as the one who prepared it (R-7.1, R-T.1), with the Deputy Mayor who approved it.
 * Rendering is driven by the figures (AnnualFigures): one section per group of figures.
 */
import { In, type DataSource } from 'typeorm';
import type { Peers } from '../../../platform/peers';
import { NamesDocument, type NamesQuery } from '../../organisation/generated/peer-operations';
import type { AnnualReport } from '../entities/annual-report';
import { Channel } from '../entities/channel';
import type { AnnualFigures } from './annual-report';

/** Names of what the figures refer to by id: units and people from organisation, channels from here. */
export interface ReportNames {
  units: Map<string, string>;
  channels: Map<string, string>;
  people: Map<string, { name: string; position: string | null }>;
}

/** Who signed the report off, by person id. */
export type ReportPeople = Pick<
  AnnualReport,
  'year' | 'generatedAt' | 'submittedByPersonId' | 'decidedByPersonId' | 'decidedAt'
>;

const CHANNEL_KINDS: Record<string, string> = {
  PORTAL: 'Portal „Magiczny Kraków”',
  BIP: 'Biuletyn Informacji Publicznej',
  INFORMATION_SERVICE: 'Serwis informacyjny',
  WEBSITE: 'Strona internetowa',
  SOCIAL_PROFILE: 'Profil w mediach społecznościowych',
  MOBILE_APP: 'Aplikacja mobilna',
  ONLINE_SERVICE: 'E-usługa',
};
const CHANNEL_STATUSES: Record<string, string> = {
  PROPOSED: 'zgłoszony, przed decyzją',
  LIVE: 'działa',
  CHANGE_PENDING: 'działa, zmiana w toku',
  FROZEN: 'zamrożony (incydent)',
  RETIRED: 'wycofany',
  NOT_APPROVED: 'niezatwierdzony',
};
const REQUEST_KINDS: Record<string, string> = {
  NEW_SERVICE: 'Nowa usługa',
  CHANGE: 'Zmiana usługi',
  RETIREMENT: 'Wycofanie usługi',
};

/** Who signs the report off, by function (R-7.1), when the person's own job title is not known. */
const DIRECTOR = 'Dyrektor Wydziału Komunikacji Społecznej';
const DEPUTY_MAYOR = 'Zastępca Prezydenta Miasta Krakowa ds. Polityki Społecznej i Komunalnej';

/** A value the report has no Polish word for yet is shown as it is rather than dropped. */
const word = (words: Record<string, string>, value: string) => words[value] ?? value;

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const number = (value: number) => new Intl.NumberFormat('pl-PL', { maximumFractionDigits: 1 }).format(value);
const day = (date: Date) =>
  new Intl.DateTimeFormat('pl-PL', { dateStyle: 'long', timeZone: 'Europe/Warsaw' }).format(date);

type Cell = string | number;

/** A table with a header row; `total` (if any) is the last row, labelled "Razem". Cells are escaped here. */
function table(headers: string[], rows: Cell[][], total?: Cell[]): string {
  const cell = (value: Cell) => (typeof value === 'number' ? number(value) : escape(value));
  const head = `<thead><tr>${headers.map((h) => `<th scope="col">${escape(h)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((row) => `<tr>${row.map((value) => `<td>${cell(value)}</td>`).join('')}</tr>`);
  if (total)
    body.push(
      `<tr><th scope="row">Razem</th>${total.map((value) => `<td><strong>${cell(value)}</strong></td>`).join('')}</tr>`,
    );
  return `<table>${head}<tbody>${body.join('')}</tbody></table>`;
}

const sum = <T>(items: T[], value: (item: T) => number) => items.reduce((total, item) => total + value(item), 0);
/** Rows in the order a reader looks things up: alphabetically in Polish by the first columns. */
const byText = (rows: Cell[][], columns: number) =>
  [...rows].sort((a, b) => {
    for (let i = 0; i < columns; i++) {
      const difference = String(a[i]).localeCompare(String(b[i]), 'pl');
      if (difference !== 0) return difference;
    }
    return 0;
  });
const none = (year: number) => `<p>W ${year} roku nie odnotowano żadnych pozycji.</p>`;

/** A numbered section: its heading, a sentence saying what it shows, then its tables. */
const section = (heading: string, intro: string | null, ...parts: string[]) =>
  `<h2>${escape(heading)}</h2>${intro ? `<p>${escape(intro)}</p>` : ''}${parts.join('')}`;

function channelsTable(year: number, channels: AnnualFigures['channels']): string {
  const rows = byText(
    channels.map((c) => [word(CHANNEL_KINDS, c.kind), word(CHANNEL_STATUSES, c.status), c.count]),
    2,
  );
  if (!rows.length) return none(year);
  return table(['Rodzaj kanału', 'Stan', 'Liczba kanałów'], rows, ['', sum(channels, (c) => c.count)]);
}

function publicationsTable(year: number, publications: AnnualFigures['publications'], names: ReportNames): string {
  const rows = byText(
    publications.map((p) => [
      names.units.get(p.unitId) ?? 'jednostka spoza rejestru',
      names.channels.get(p.channelId) ?? 'kanał spoza rejestru',
      p.count,
      p.medianHours,
      p.p90Hours,
      p.overThreshold,
    ]),
    2,
  );
  if (!rows.length) return none(year);
  const headers = [
    'Jednostka odpowiedzialna',
    'Kanał',
    'Publikacje',
    'Mediana (godz.)',
    '90. percentyl (godz.)',
    'Ponad 24 godz.',
  ];
  return table(headers, rows, [
    '',
    sum(publications, (p) => p.count),
    '–',
    '–',
    sum(publications, (p) => p.overThreshold),
  ]);
}

function requestsTable(figures: AnnualFigures): string {
  const requests = figures.requests;
  if (!requests.length) return none(figures.year);
  const rows = requests.map((r) => [word(REQUEST_KINDS, r.kind), r.submitted, r.approved, r.rejected, r.returned]);
  const total = (['submitted', 'approved', 'rejected', 'returned'] as const).map((key) => sum(requests, (r) => r[key]));
  return table(['Rodzaj zgłoszenia', 'Złożone', 'Zatwierdzone', 'Odrzucone', 'Zwrócone do uzupełnienia'], rows, total);
}

function accessTable(figures: AnnualFigures): string {
  const a = figures.access;
  const rows: Cell[][] = [
    ['Nadane uprawnienia do publikowania', a.grantsMade],
    ['Odebrane uprawnienia', a.grantsRevoked],
    ['Zawieszone konta użytkowników (decyzją Redakcji i w związku z incydentami)', a.accountsSuspended],
    ['Incydenty bezpieczeństwa', a.incidentsOpened],
    ['w tym z udziałem danych osobowych', a.incidentsWithPersonalData],
  ];
  return table(['Wskaźnik', 'Liczba'], rows);
}

/** The numbered sections, driven by the figures: what they hold is what the reader gets. */
function sections(figures: AnnualFigures, names: ReportNames): string[] {
  const { year } = figures;
  const parts = [
    section(
      '1. Kanały MPI',
      'Strony, profile, aplikacje i e-usługi Miejskiej Platformy Internetowej według rodzaju i stanu.',
      channelsTable(year, figures.channels),
    ),
    section(
      '2. Zgłoszenia jednostek i decyzje Redakcji MPI',
      `Zgłoszenia nowych usług, ich zmian i wycofania oraz decyzje Redakcji MPI w ${year} roku.`,
      requestsTable(figures),
    ),
    section('3. Uprawnienia i bezpieczeństwo', null, accessTable(figures)),
    section(
      '4. Publikacje i czas ich publikowania',
      'Czas od powstania lub otrzymania informacji do jej opublikowania, w godzinach; zarządzenie wymaga publikowania niezwłocznie.',
      publicationsTable(year, figures.publications, names),
    ),
  ];
  // R-3.1: BIP is outside the Director's supervision: shown apart, under its own label, outside the totals above.
  const bip = figures.bip;
  if (bip) {
    parts.push(
      section(
        '5. Biuletyn Informacji Publicznej (dane podane osobno)',
        bip.note,
        `<h3>Kanały BIP</h3>${channelsTable(year, bip.channels)}`,
        `<h3>Publikacje w BIP</h3>${publicationsTable(year, bip.publications, names)}`,
      ),
    );
  }
  return parts;
}

function signatures(report: ReportPeople, names: ReportNames): string {
  const person = (id: string | null, role: string) => {
    const known = id ? names.people.get(id) : undefined;
    return known ? `<strong>${escape(known.name)}</strong>, ${escape(known.position ?? role)}` : escape(role);
  };
  const approved = report.decidedAt ? `, dnia ${day(report.decidedAt)} r.` : '';
  return (
    `<p>Sporządził(a): ${person(report.submittedByPersonId, DIRECTOR)}</p>` +
    `<p>Zatwierdził(a): ${person(report.decidedByPersonId, DEPUTY_MAYOR)}${approved}</p>` +
    `<p>Dane z Miejskiej Platformy Internetowej za ${report.year} rok, według stanu na dzień ${day(report.generatedAt)} r.</p>`
  );
}

/** The document's HTML body. */
export function renderReport(figures: AnnualFigures, report: ReportPeople, names: ReportNames): string {
  return [signatures(report, names), ...sections(figures, names)].join('');
}

/**
 * The names the document shows, in one request to organisation (units and people together) and one
 * query of this subgraph's own channels, whatever the number of rows.
 */
export async function reportNames(
  db: DataSource,
  peers: Peers,
  authorization: string | undefined,
  figures: AnnualFigures,
  report: ReportPeople,
): Promise<ReportNames> {
  const publications = [...figures.publications, ...(figures.bip?.publications ?? [])];
  const unitIds = [...new Set(publications.map((p) => p.unitId))];
  const personIds = [
    ...new Set([report.submittedByPersonId, report.decidedByPersonId].filter((id): id is string => id !== null)),
  ];
  const channelIds = [...new Set(publications.map((p) => p.channelId))];
  const representations = [
    ...unitIds.map((id) => ({ __typename: 'Unit', id })),
    ...personIds.map((id) => ({ __typename: 'Person', id })),
  ];
  const [entities, channels] = await Promise.all([
    representations.length
      ? peers
          .send('organisation', NamesDocument, { reps: representations }, { authorization })
          .then((data) => data._entities)
      : Promise.resolve([] as NamesQuery['_entities']),
    channelIds.length ? db.getRepository(Channel).findBy({ id: In(channelIds) }) : Promise.resolve([]),
  ]);
  const names: ReportNames = {
    units: new Map(),
    channels: new Map(channels.map((c) => [c.id, c.name])),
    people: new Map(),
  };
  for (const entity of entities) {
    if (entity?.__typename === 'Unit') names.units.set(entity.id, entity.name);
    if (entity?.__typename === 'Person')
      names.people.set(entity.id, { name: entity.name, position: entity.position ?? null });
  }
  return names;
}
