/**
 * Sample sections and documents on the sample channels: news, announcements, legal acts and
 * reports, each with its responsible unit and the person who prepared it.
 */
import type { DataSource } from 'typeorm';
import { sampleDate, sampleId } from '../common/sample';
import { NO_SCHEDULE, slugify } from './domain/documents';
import { searchIndexFor, searchableText } from './domain/search';
import { Document, DocumentTag, type DocumentKind, type DocumentStatus } from './entities/document';
import { Revision } from './entities/revision';
import { Section } from './entities/section';
import { StatusChange } from './entities/status-change';

/** channel key → [section slug, name][] */
const SECTIONS: Record<string, [string, string][]> = {
  portal: [
    ['aktualnosci', 'Aktualności'],
    ['kultura', 'Kultura'],
    ['komunikacja', 'Komunikacja'],
  ],
  info: [
    ['aktualnosci', 'Aktualności'],
    ['komunikaty', 'Komunikaty'],
    ['sprawozdania-i-analizy', 'Sprawozdania i analizy'],
  ],
  'kultura-web': [
    ['wydarzenia', 'Wydarzenia'],
    ['dotacje', 'Dotacje i konkursy'],
  ],
  'edukacja-web': [
    ['rekrutacja', 'Rekrutacja'],
    ['aktualnosci', 'Aktualności'],
  ],
  bip: [
    ['zarzadzenia', 'Zarządzenia Prezydenta'],
    ['ogloszenia', 'Ogłoszenia'],
  ],
  'zdmk-web': [['utrudnienia', 'Utrudnienia w ruchu']],
  'mops-web': [['aktualnosci', 'Aktualności']],
};

interface SampleDocument {
  channel: string;
  section: string;
  unit: string;
  preparedBy: string;
  kind: DocumentKind;
  title: string;
  status?: DocumentStatus;
}

const DOCUMENTS: SampleDocument[] = [
  {
    channel: 'portal',
    section: 'aktualnosci',
    unit: 'wks',
    preparedBy: 'editor-1',
    kind: 'NEWS',
    title: 'Kraków Europejską Stolicą Kultury Ekologicznej – program na 2027 rok',
  },
  {
    channel: 'portal',
    section: 'aktualnosci',
    unit: 'wks',
    preparedBy: 'editor-2',
    kind: 'NEWS',
    title: 'Budżet obywatelski: ruszyło głosowanie na projekty',
  },
  {
    channel: 'portal',
    section: 'aktualnosci',
    unit: 'wks',
    preparedBy: 'editor-1',
    kind: 'NEWS',
    title: 'Nowe nasadzenia drzew na Plantach Krakowskich',
  },
  {
    channel: 'portal',
    section: 'aktualnosci',
    unit: 'wks',
    preparedBy: 'editor-2',
    kind: 'NEWS',
    title: 'Jarmark Bożonarodzeniowy na Rynku Głównym otwarty',
  },
  {
    channel: 'portal',
    section: 'kultura',
    unit: 'kultura',
    preparedBy: 'kultura-publisher',
    kind: 'NEWS',
    title: 'Noc Muzeów w Krakowie: ponad 40 instytucji otwartych do północy',
  },
  {
    channel: 'portal',
    section: 'kultura',
    unit: 'kultura',
    preparedBy: 'kultura-publisher',
    kind: 'NEWS',
    title: 'Wianki nad Wisłą – program koncertów',
  },
  {
    channel: 'portal',
    section: 'kultura',
    unit: 'kultura',
    preparedBy: 'kultura-publisher',
    kind: 'NEWS',
    title: 'Szopki krakowskie 2026 – wyniki konkursu',
  },
  {
    channel: 'portal',
    section: 'komunikacja',
    unit: 'zdmk',
    preparedBy: 'zdmk-publisher',
    kind: 'ANNOUNCEMENT',
    title: 'Remont ulicy Krakowskiej: zmiany w organizacji ruchu',
  },
  {
    channel: 'portal',
    section: 'komunikacja',
    unit: 'wks',
    preparedBy: 'editor-1',
    kind: 'NEWS',
    title: 'Nowa linia tramwajowa do Górki Narodowej – rozkład jazdy',
  },
  {
    channel: 'portal',
    section: 'aktualnosci',
    unit: 'edukacja',
    preparedBy: 'edukacja-publisher',
    kind: 'NEWS',
    title: 'Stypendia Prezydenta Miasta Krakowa dla uczniów – nabór wniosków',
  },
  {
    channel: 'info',
    section: 'aktualnosci',
    unit: 'wks',
    preparedBy: 'editor-1',
    kind: 'NEWS',
    title: 'Sesja Rady Miasta Krakowa – najważniejsze uchwały',
  },
  {
    channel: 'info',
    section: 'aktualnosci',
    unit: 'wks',
    preparedBy: 'editor-2',
    kind: 'NEWS',
    title: 'Prezydent spotkał się z mieszkańcami Nowej Huty',
  },
  {
    channel: 'info',
    section: 'komunikaty',
    unit: 'gk',
    preparedBy: 'gk-head',
    kind: 'ANNOUNCEMENT',
    title: 'Harmonogram odbioru odpadów wielkogabarytowych w grudniu',
  },
  {
    channel: 'info',
    section: 'komunikaty',
    unit: 'wks',
    preparedBy: 'editor-1',
    kind: 'ANNOUNCEMENT',
    title: 'Komunikat w sprawie jakości powietrza – bezpłatna komunikacja miejska',
  },
  {
    channel: 'info',
    section: 'sprawozdania-i-analizy',
    unit: 'wks',
    preparedBy: 'wks-director',
    kind: 'REPORT',
    title: 'Sprawozdanie z realizacji MPI „Magiczny Kraków” za rok 2025',
  },
  {
    channel: 'info',
    section: 'sprawozdania-i-analizy',
    unit: 'wks',
    preparedBy: 'editor-in-chief',
    kind: 'REPORT',
    title: 'Analiza oglądalności serwisów miejskich – I półrocze 2026',
  },
  {
    channel: 'kultura-web',
    section: 'wydarzenia',
    unit: 'kultura',
    preparedBy: 'kultura-publisher',
    kind: 'NEWS',
    title: 'Festiwal Misteria Paschalia – bilety w sprzedaży',
  },
  {
    channel: 'kultura-web',
    section: 'wydarzenia',
    unit: 'kultura',
    preparedBy: 'kultura-publisher',
    kind: 'NEWS',
    title: 'Kraków Miastem Literatury UNESCO – Festiwal Conrada',
  },
  {
    channel: 'kultura-web',
    section: 'wydarzenia',
    unit: 'kultura',
    preparedBy: 'kultura-clerk',
    kind: 'NEWS',
    title: 'Dni Tańca na Rynku Głównym',
  },
  {
    channel: 'kultura-web',
    section: 'dotacje',
    unit: 'kultura',
    preparedBy: 'kultura-publisher',
    kind: 'ANNOUNCEMENT',
    title: 'Otwarty konkurs ofert na zadania z zakresu kultury na 2027 rok',
  },
  {
    channel: 'kultura-web',
    section: 'dotacje',
    unit: 'kultura',
    preparedBy: 'kultura-publisher',
    kind: 'ANNOUNCEMENT',
    title: 'Stypendia artystyczne Miasta Krakowa – wyniki',
  },
  {
    channel: 'kultura-web',
    section: 'wydarzenia',
    unit: 'kultura',
    preparedBy: 'kultura-publisher',
    kind: 'NEWS',
    title: 'Program Wielkiego Festiwalu Smaku (projekt)',
    status: 'DRAFT',
  },
  {
    channel: 'edukacja-web',
    section: 'rekrutacja',
    unit: 'edukacja',
    preparedBy: 'edukacja-publisher',
    kind: 'ANNOUNCEMENT',
    title: 'Rekrutacja do przedszkoli na rok szkolny 2027/2028 – terminy',
  },
  {
    channel: 'edukacja-web',
    section: 'rekrutacja',
    unit: 'edukacja',
    preparedBy: 'edukacja-publisher',
    kind: 'ANNOUNCEMENT',
    title: 'Rekrutacja do szkół ponadpodstawowych – zasady',
  },
  {
    channel: 'edukacja-web',
    section: 'aktualnosci',
    unit: 'edukacja',
    preparedBy: 'edukacja-head',
    kind: 'NEWS',
    title: 'Krakowskie szkoły w rankingu Perspektyw',
  },
  {
    channel: 'bip',
    section: 'zarzadzenia',
    unit: 'won',
    preparedBy: 'bip-admin',
    kind: 'LEGAL_ACT',
    title:
      'Zarządzenie Nr 1447/2019 Prezydenta Miasta Krakowa w sprawie jednolitego systemu realizacji miejskiej polityki informacyjnej',
  },
  {
    channel: 'bip',
    section: 'zarzadzenia',
    unit: 'won',
    preparedBy: 'bip-admin',
    kind: 'LEGAL_ACT',
    title: 'Zarządzenie w sprawie regulaminu organizacyjnego Urzędu Miasta Krakowa',
  },
  {
    channel: 'bip',
    section: 'ogloszenia',
    unit: 'won',
    preparedBy: 'bip-admin',
    kind: 'ANNOUNCEMENT',
    title: 'Ogłoszenie o naborze na stanowisko inspektora w Wydziale Edukacji',
  },
  {
    channel: 'bip',
    section: 'ogloszenia',
    unit: 'won',
    preparedBy: 'bip-admin',
    kind: 'ANNOUNCEMENT',
    title: 'Obwieszczenie o wyłożeniu projektu miejscowego planu zagospodarowania – Zabłocie',
  },
  {
    channel: 'mops-web',
    section: 'aktualnosci',
    unit: 'mops',
    preparedBy: 'mops-head',
    kind: 'NEWS',
    title: 'Punkty pomocy dla osób w kryzysie bezdomności – zima 2026',
  },
];

const STREETS = [
  'Grzegórzecka',
  'Dietla',
  'Kamieńskiego',
  'Opolska',
  'Conrada',
  'Wielicka',
  'Zakopiańska',
  'Mogilska',
  'Lubicz',
  'Kocmyrzowska',
  'Armii Krajowej',
  'Pawia',
  'Igołomska',
  'Nowohucka',
  'Balicka',
  'Łokietka',
  'Tyniecka',
  'Wadowicka',
  'Rakowicka',
  'Czarnowiejska',
  'Królewska',
  'Karmelicka',
  'Starowiślna',
  'Basztowa',
  'Halicka',
  'Kalwaryjska',
  'Na Zjeździe',
  'Bora-Komorowskiego',
  'Jasnogórska',
  'Kobierzyńska',
  'Sołtysowska',
  'Klimeckiego',
  'Mirowska',
  'Ofiar Dąbia',
  'Saska',
];

/** Road-works notices of the road authority fill the list to a realistic length. */
const ROADWORKS: SampleDocument[] = STREETS.map((street) => ({
  channel: 'zdmk-web',
  section: 'utrudnienia',
  unit: 'zdmk',
  preparedBy: 'zdmk-publisher',
  kind: 'ANNOUNCEMENT',
  title: `Utrudnienia w ruchu: ulica ${street}`,
}));

export async function seed(db: DataSource): Promise<void> {
  if ((await db.getRepository(Section).count()) > 0) return;
  await db.transaction(async (tx) => {
    await tx.getRepository(Section).insert(
      Object.entries(SECTIONS).flatMap(([channel, sections]) =>
        sections.map(([slug, name], position) => ({
          id: sampleId(`section:${channel}:${slug}`),
          channelId: sampleId(`channel:${channel}`),
          name,
          slug,
          position,
          createdAt: sampleDate(380),
        })),
      ),
    );
    const documents = [...DOCUMENTS, ...ROADWORKS].map((doc, i) => {
      const slug = slugify(doc.title);
      const status = doc.status ?? 'PUBLISHED';
      const publishedAt = status === 'PUBLISHED' ? sampleDate(i * 3, 10 + (i % 6)) : null;
      // Delays of 1 to 52 hours between the information arising and its publication.
      const occurredAt = publishedAt
        ? new Date(publishedAt.getTime() - (1 + ((i * 17) % 52)) * 3_600_000)
        : sampleDate(i * 3 + 2, 8);
      const createdAt = new Date(Math.min(occurredAt.getTime() + 1_800_000, (publishedAt ?? occurredAt).getTime()));
      const person = sampleId(`person:${doc.preparedBy}`);
      return {
        id: sampleId(`document:${doc.channel}:${slug}`),
        channelId: sampleId(`channel:${doc.channel}`),
        sectionId: sampleId(`section:${doc.channel}:${doc.section}`),
        responsibleUnitId: sampleId(`unit:${doc.unit}`),
        preparedByPersonId: person,
        title: doc.title,
        slug,
        lead: `${doc.title}. Informacja przygotowana przez komórkę odpowiedzialną.`,
        body: `<p>${doc.title}.</p><p>Szczegóły w treści komunikatu.</p>`,
        kind: doc.kind,
        language: 'pl',
        status,
        occurredAt,
        publishedAt,
        enteredByAccountId: null,
        enteredByPersonId: person,
        publishedByPersonId: publishedAt ? person : null,
        lastPublishedAt: publishedAt,
        lastPublishedByPersonId: publishedAt ? person : null,
        firstPublishedRevision: publishedAt ? 1 : null,
        lastModifiedByPersonId: person,
        revision: 1,
        ...NO_SCHEDULE,
        createdAt,
        updatedAt: createdAt,
        tags: [doc.unit, doc.kind.toLowerCase()].sort(),
      };
    });
    // Inserted in chunks: SQLite limits the number of bound parameters per statement.
    const index = searchIndexFor(tx.connection);
    for (let i = 0; i < documents.length; i += 40) {
      const chunk = documents.slice(i, i + 40);
      await tx.getRepository(Document).insert(chunk.map(({ tags: _tags, ...doc }) => doc));
      await tx
        .getRepository(DocumentTag)
        .insert(
          chunk.flatMap((doc) => doc.tags.map((tag) => ({ documentId: doc.id, tag, publishedAt: doc.publishedAt }))),
        );
      await tx.getRepository(Revision).insert(
        chunk.map((doc) => ({
          id: sampleId(`revision:${doc.id}:1`),
          documentId: doc.id,
          number: 1,
          title: doc.title,
          lead: doc.lead,
          body: doc.body,
          kind: doc.kind,
          language: doc.language,
          tags: JSON.stringify(doc.tags),
          changedFields: JSON.stringify(['title', 'lead', 'body', 'kind', 'language', 'tags']),
          reason: null,
          restoredFrom: null,
          authorAccountId: null,
          authorPersonId: doc.preparedByPersonId,
          createdAt: doc.createdAt,
        })),
      );
      const published = chunk.filter((doc) => doc.publishedAt);
      if (published.length) {
        await tx.getRepository(StatusChange).insert(
          published.map((doc) => ({
            id: sampleId(`status-change:${doc.id}:1`),
            documentId: doc.id,
            number: 1,
            kind: 'PUBLISHED' as const,
            fromStatus: 'DRAFT' as const,
            toStatus: 'PUBLISHED' as const,
            reason: null,
            revision: 1,
            actorAccountId: null,
            actorPersonId: doc.publishedByPersonId,
            scheduled: false,
            incidentId: null,
            occurredAt: doc.publishedAt as Date,
          })),
        );
      }
      await index.putMany(
        tx,
        published.map((doc) => ({ documentId: doc.id, text: searchableText(doc) })),
      );
    }
    await index.settle(tx);
  });
}
