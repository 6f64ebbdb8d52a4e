/** Sample channels of MPI: the portal, BIP, the information service, unit websites, a profile, an app, a service. */
import type { DataSource } from 'typeorm';
import { sortKey } from '../common/collation';
import { sampleDate, sampleId } from '../common/sample';
import { Channel, ChannelLink, type ChannelKind, type ChannelStatus } from './entities/channel';
import { AnnualReport } from './entities/annual-report';
import { GraphicLineVersion } from './entities/graphic-line';
import { ServiceDecision, ServiceRequest } from './entities/service-request';
import { Ticket } from './entities/ticket';

const CHANNELS: {
  key: string;
  name: string;
  kind: ChannelKind;
  address: string;
  owner: string;
  status?: ChannelStatus;
}[] = [
  { key: 'portal', name: 'Magiczny Kraków', kind: 'PORTAL', address: 'https://www.krakow.pl', owner: 'wks' },
  {
    key: 'bip',
    name: 'Biuletyn Informacji Publicznej Miasta Krakowa',
    kind: 'BIP',
    address: 'https://www.bip.krakow.pl',
    owner: 'won',
  },
  {
    key: 'info',
    name: 'Serwis Informacyjny UMK',
    kind: 'INFORMATION_SERVICE',
    address: 'https://www.krakow.pl/aktualnosci',
    owner: 'wks',
  },
  {
    key: 'kultura-web',
    name: 'Kultura w Krakowie',
    kind: 'WEBSITE',
    address: 'https://kultura.krakow.pl',
    owner: 'kultura',
  },
  {
    key: 'edukacja-web',
    name: 'Edukacja w Krakowie',
    kind: 'WEBSITE',
    address: 'https://edukacja.krakow.pl',
    owner: 'edukacja',
  },
  {
    key: 'zdmk-web',
    name: 'Zarząd Dróg Miasta Krakowa',
    kind: 'WEBSITE',
    address: 'https://zdmk.krakow.pl',
    owner: 'zdmk',
  },
  {
    key: 'mops-web',
    name: 'MOPS Kraków',
    kind: 'WEBSITE',
    address: 'https://mops.krakow.pl',
    owner: 'mops',
    status: 'FROZEN',
  },
  {
    key: 'facebook',
    name: 'Magiczny Kraków na Facebooku',
    kind: 'SOCIAL_PROFILE',
    address: 'https://www.facebook.com/MagicznyKrakow',
    owner: 'wks',
  },
  {
    key: 'app',
    name: 'Magiczny Kraków – aplikacja mobilna',
    kind: 'MOBILE_APP',
    address: 'https://www.krakow.pl/aplikacja',
    owner: 'wks',
  },
  {
    key: 'ebom',
    name: 'Elektroniczne Biuro Obsługi Mieszkańców',
    kind: 'ONLINE_SERVICE',
    address: 'https://ebom.krakow.pl',
    owner: 'informatyka',
  },
  {
    key: 'zielen-web',
    name: 'Zielony Kraków',
    kind: 'WEBSITE',
    address: 'https://zielen.krakow.pl',
    owner: 'zzm',
    status: 'PROPOSED',
  },
  {
    key: 'festiwale-web',
    name: 'Festiwale Krakowa',
    kind: 'WEBSITE',
    address: 'https://festiwale.krakow.pl',
    owner: 'kbf',
    status: 'RETIRED',
  },
];

const GRAPHIC_LINE = [
  {
    version: '2019.1',
    publishedAt: sampleDate(2690),
    notes: 'Linia graficzna Miasta w Internecie – załącznik do zarządzenia nr 1447/2019.',
    tokens: JSON.stringify({
      colours: [
        { name: 'primary', value: '#1D4F91' },
        { name: 'accent', value: '#C8102E' },
        { name: 'text', value: '#1A1A1A' },
      ],
      typography: [{ name: 'body', fontFamily: 'Lato', size: '1rem', weight: 400 }],
      logoRules: ['Herb Krakowa w lewym górnym rogu', 'Pole ochronne równe wysokości korony'],
    }),
  },
  {
    version: '2024.1',
    publishedAt: sampleDate(600),
    notes: 'Kontrast WCAG 2.1 AA, ciemniejszy kolor akcentu, nowa typografia nagłówków.',
    tokens: JSON.stringify({
      colours: [
        { name: 'primary', value: '#123F7A' },
        { name: 'accent', value: '#A60D25' },
        { name: 'text', value: '#111111' },
        { name: 'background', value: '#FFFFFF' },
      ],
      typography: [
        { name: 'heading-1', fontFamily: 'Lato', size: '2.25rem', weight: 700 },
        { name: 'body', fontFamily: 'Lato', size: '1rem', weight: 400 },
      ],
      logoRules: [
        'Herb Krakowa w lewym górnym rogu',
        'Pole ochronne równe wysokości korony',
        'Na ciemnym tle wersja achromatyczna',
      ],
    }),
  },
];

const LINKS: [string, string, 'LINKS_TO' | 'PART_OF' | 'MIRRORS'][] = [
  ['info', 'portal', 'PART_OF'],
  ['facebook', 'portal', 'MIRRORS'],
  ['kultura-web', 'portal', 'LINKS_TO'],
  ['app', 'portal', 'MIRRORS'],
  ['ebom', 'portal', 'LINKS_TO'],
];

const CHECKLIST = JSON.stringify([
  { item: 'Herb i logotyp zgodnie z linią graficzną', compliant: true, note: null },
  { item: 'Kolory i kontrast WCAG 2.1 AA', compliant: true, note: null },
]);

const REQUESTS = [
  {
    key: 'zielen-new',
    kind: 'NEW_SERVICE' as const,
    state: 'SUBMITTED' as const,
    unit: 'zzm',
    channel: 'zielen-web',
    by: 'zzm-head',
    days: 12,
    description: 'Serwis o parkach, nasadzeniach i konsultacjach zieleni.',
    justification: 'Mieszkańcy szukają informacji o zieleni w jednym miejscu.',
  },
  {
    key: 'festiwale-retirement',
    kind: 'RETIREMENT' as const,
    state: 'APPROVED' as const,
    unit: 'kbf',
    channel: 'festiwale-web',
    by: 'kbf-head',
    days: 160,
    description: 'Wygaszenie serwisu Festiwale Krakowa.',
    justification: 'Treści przeniesione do serwisu Kultura w Krakowie.',
  },
];

function request(r: (typeof REQUESTS)[number]) {
  return {
    id: sampleId(`request:${r.key}`),
    kind: r.kind,
    state: r.state,
    unitId: sampleId(`unit:${r.unit}`),
    channelId: sampleId(`channel:${r.channel}`),
    proposedName: r.kind === 'NEW_SERVICE' ? 'Zielony Kraków' : null,
    proposedKind: r.kind === 'NEW_SERVICE' ? ('WEBSITE' as const) : null,
    proposedAddress: r.kind === 'NEW_SERVICE' ? 'https://zielen.krakow.pl' : null,
    description: r.description,
    justification: r.justification,
    graphicLineVersion: '2024.1',
    checklist: CHECKLIST,
    submittedByPersonId: sampleId(`person:${r.by}`),
    submittedByAccountId: sampleId(`account:${r.by}`),
    submittedAt: sampleDate(r.days),
    updatedAt: sampleDate(r.days),
  };
}

function ticket(
  key: string,
  channel: string,
  title: string,
  priority: 'NORMAL' | 'HIGH' | 'CRITICAL',
  deadlineInDays: number,
  state: 'OPEN' | 'IN_PROGRESS' | 'CLOSED',
) {
  const openedAt = new Date(Date.now() - 20 * 86_400_000);
  return {
    id: sampleId(`ticket:${key}`),
    channelId: sampleId(`channel:${channel}`),
    vendor: 'Asseco Data Systems',
    title,
    description: `${title}. Zgłoszenie z przykładowych danych.`,
    priority,
    deadline: new Date(Date.now() + deadlineInDays * 86_400_000),
    state,
    openedByPersonId: sampleId('person:editor-1'),
    openedAt,
    resolvedAt: state === 'CLOSED' ? new Date(openedAt.getTime() + 86_400_000) : null,
    updatedAt: openedAt,
  };
}

export async function seed(db: DataSource): Promise<void> {
  if ((await db.getRepository(Channel).count()) > 0) return;
  await db.transaction(async (tx) => {
    await tx.getRepository(Channel).insert(
      CHANNELS.map((channel, i) => ({
        id: sampleId(`channel:${channel.key}`),
        name: channel.name,
        sortName: sortKey(channel.name),
        slug: channel.key,
        kind: channel.kind,
        address: channel.address,
        status: channel.status ?? 'LIVE',
        statusBeforeFreeze: channel.status === 'FROZEN' ? ('LIVE' as const) : null,
        frozenByIncidents: channel.status === 'FROZEN' ? JSON.stringify(['sample-incident']) : null,
        supervision: channel.kind === 'BIP' ? ('BIP' as const) : ('EDITORIAL_OFFICE' as const),
        ownerUnitId: sampleId(`unit:${channel.owner}`),
        graphicLineVersion: channel.kind === 'BIP' ? null : '2024.1',
        createdAt: sampleDate(390 - i),
        updatedAt: sampleDate(390 - i),
      })),
    );
    await tx.getRepository(GraphicLineVersion).insert(GRAPHIC_LINE);
    await tx.getRepository(ChannelLink).insert(
      LINKS.map(([from, to, kind]) => ({
        fromChannelId: sampleId(`channel:${from}`),
        toChannelId: sampleId(`channel:${to}`),
        kind,
        createdAt: sampleDate(300),
      })),
    );
    await tx.getRepository(ServiceRequest).insert(REQUESTS.map(request));
    await tx.getRepository(ServiceDecision).insert({
      id: sampleId('decision:festiwale-retirement'),
      requestId: sampleId('request:festiwale-retirement'),
      decision: 'APPROVE',
      rationale: 'Treści przeniesione do serwisu Kultura w Krakowie.',
      conditions: 'Przekierowanie adresu na kultura.krakow.pl przez 12 miesięcy.',
      decidedByAccountId: sampleId('account:piotr.nowak'),
      decidedByPersonId: sampleId('person:editor-in-chief'),
      decidedAt: sampleDate(150),
    });
    await tx.getRepository(AnnualReport).insert({
      id: sampleId('report:2025'),
      year: 2025,
      state: 'PUBLISHED',
      figures: JSON.stringify({
        year: 2025,
        channels: [
          { kind: 'PORTAL', status: 'LIVE', count: 1 },
          { kind: 'WEBSITE', status: 'LIVE', count: 3 },
        ],
        requests: [{ kind: 'RETIREMENT', submitted: 1, approved: 1, rejected: 0, returned: 0 }],
        access: {
          grantsMade: 8,
          grantsRevoked: 1,
          accountsSuspended: 1,
          incidentsOpened: 0,
          incidentsWithPersonalData: 0,
        },
        publications: [],
      }),
      generatedAt: new Date(Date.UTC(2025, 11, 10)),
      submittedAt: new Date(Date.UTC(2025, 11, 18)),
      submittedByPersonId: sampleId('person:wks-director'),
      decidedAt: new Date(Date.UTC(2026, 0, 12)),
      decidedByPersonId: sampleId('person:deputy-mayor'),
      returnReason: null,
      publishedAt: new Date(Date.UTC(2026, 0, 20)),
      publishedDocumentId: sampleId('document:info:sprawozdanie-z-realizacji-mpi-magiczny-krakow-za-rok-2025'),
    });
    await tx
      .getRepository(Ticket)
      .insert([
        ticket('app-crash', 'app', 'Aplikacja zamyka się na Androidzie 15', 'HIGH', -5, 'OPEN'),
        ticket('ebom-forms', 'ebom', 'Formularz wniosku nie przyjmuje załączników PDF', 'CRITICAL', 3, 'IN_PROGRESS'),
        ticket('portal-search', 'portal', 'Wyszukiwarka nie znajduje słów z ogonkami', 'NORMAL', -40, 'CLOSED'),
      ]);
  });
}
