/**
 * Kraków sample data: the City Office with the Social Communication Department and the editorial
 * office (Redakcja MPI), several departments and city entities, their heads and the people who hold
 * the functions the order names. Names of people are invented.
 */
import type { DataSource } from 'typeorm';
import { sortKey } from '../common/collation';
import { sampleDate, sampleId } from '../common/sample';
import { Designation } from './entities/designation';
import { FunctionHolding, type FunctionName } from './entities/function-holding';
import { InternalOrder, OrderCategory, OrderResponsibility } from './entities/internal-order';
import { Person } from './entities/person';
import { Unit, type UnitKind } from './entities/unit';

interface SampleUnit {
  key: string;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  parent?: string;
  head?: string;
  editorialOffice?: boolean;
}

const UNITS: SampleUnit[] = [
  { key: 'umk', name: 'Urząd Miasta Krakowa', shortName: 'UMK', kind: 'OFFICE_CELL' },
  {
    key: 'wks',
    name: 'Wydział Komunikacji Społecznej',
    shortName: 'KS',
    kind: 'OFFICE_CELL',
    parent: 'umk',
    head: 'wks-director',
  },
  {
    key: 'rmm',
    name: 'Referat Mediów Miejskich',
    shortName: 'KS-02',
    kind: 'OFFICE_CELL',
    parent: 'wks',
    head: 'rmm-head',
  },
  {
    key: 'redakcja',
    name: 'Redakcja MPI',
    shortName: 'KS-02-R',
    kind: 'OFFICE_CELL',
    parent: 'rmm',
    head: 'editor-in-chief',
    editorialOffice: true,
  },
  {
    key: 'informatyka',
    name: 'Wydział Informatyki',
    shortName: 'IT',
    kind: 'OFFICE_CELL',
    parent: 'umk',
    head: 'it-director',
  },
  {
    key: 'iod',
    name: 'Zespół Inspektora Ochrony Danych',
    shortName: 'IOD',
    kind: 'OFFICE_CELL',
    parent: 'umk',
    head: 'dpo',
  },
  {
    key: 'won',
    name: 'Wydział Organizacji i Nadzoru',
    shortName: 'OR',
    kind: 'OFFICE_CELL',
    parent: 'umk',
    head: 'won-director',
  },
  {
    key: 'kultura',
    name: 'Wydział Kultury i Dziedzictwa Narodowego',
    shortName: 'KD',
    kind: 'OFFICE_CELL',
    parent: 'umk',
    head: 'kultura-head',
  },
  {
    key: 'edukacja',
    name: 'Wydział Edukacji',
    shortName: 'ED',
    kind: 'OFFICE_CELL',
    parent: 'umk',
    head: 'edukacja-head',
  },
  {
    key: 'gk',
    name: 'Wydział Gospodarki Komunalnej',
    shortName: 'GK',
    kind: 'OFFICE_CELL',
    parent: 'umk',
    head: 'gk-head',
  },
  { key: 'zdmk', name: 'Zarząd Dróg Miasta Krakowa', shortName: 'ZDMK', kind: 'CITY_ENTITY', head: 'zdmk-head' },
  {
    key: 'mops',
    name: 'Miejski Ośrodek Pomocy Społecznej w Krakowie',
    shortName: 'MOPS',
    kind: 'CITY_ENTITY',
    head: 'mops-head',
  },
  { key: 'zzm', name: 'Zarząd Zieleni Miejskiej w Krakowie', shortName: 'ZZM', kind: 'CITY_ENTITY', head: 'zzm-head' },
  { key: 'kbf', name: 'Krakowskie Biuro Festiwalowe', shortName: 'KBF', kind: 'CITY_ENTITY', head: 'kbf-head' },
];

interface SamplePerson {
  key: string;
  name: string;
  position: string;
  unit: string;
  functions?: FunctionName[];
}

const PEOPLE: SamplePerson[] = [
  {
    key: 'deputy-mayor',
    name: 'Andrzej Kozłowski',
    position: 'Zastępca Prezydenta Miasta Krakowa ds. Polityki Społecznej i Komunalnej',
    unit: 'umk',
    functions: ['DEPUTY_MAYOR'],
  },
  {
    key: 'wks-director',
    name: 'Ewa Dąbrowska',
    position: 'Dyrektor Wydziału Komunikacji Społecznej',
    unit: 'wks',
    functions: ['WKS_DIRECTOR'],
  },
  { key: 'rmm-head', name: 'Grzegorz Pawlak', position: 'Kierownik Referatu Mediów Miejskich', unit: 'rmm' },
  {
    key: 'editor-in-chief',
    name: 'Piotr Nowak',
    position: 'Redaktor naczelny MPI',
    unit: 'redakcja',
    functions: ['EDITOR_IN_CHIEF'],
  },
  { key: 'editor-1', name: 'Anna Kowalczyk', position: 'Redaktor', unit: 'redakcja' },
  { key: 'editor-2', name: 'Łukasz Górski', position: 'Redaktor', unit: 'redakcja' },
  { key: 'it-director', name: 'Robert Szymański', position: 'Dyrektor Wydziału Informatyki', unit: 'informatyka' },
  {
    key: 'sysadmin',
    name: 'Jan Wójcik',
    position: 'Administrator Systemu MPI',
    unit: 'informatyka',
    functions: ['SYSTEM_ADMINISTRATOR'],
  },
  { key: 'dpo', name: 'Katarzyna Lewandowska', position: 'Inspektor Ochrony Danych', unit: 'iod', functions: ['DPO'] },
  { key: 'won-director', name: 'Henryk Baran', position: 'Dyrektor Wydziału Organizacji i Nadzoru', unit: 'won' },
  { key: 'bip-admin', name: 'Marek Kamiński', position: 'Administrator BIP', unit: 'won', functions: ['BIP_ADMIN'] },
  {
    key: 'kultura-head',
    name: 'Maria Wiśniewska',
    position: 'Dyrektor Wydziału Kultury i Dziedzictwa Narodowego',
    unit: 'kultura',
  },
  { key: 'kultura-publisher', name: 'Tomasz Zieliński', position: 'Główny specjalista', unit: 'kultura' },
  { key: 'kultura-clerk', name: 'Paweł Mazur', position: 'Inspektor', unit: 'kultura' },
  { key: 'edukacja-head', name: 'Barbara Jankowska', position: 'Dyrektor Wydziału Edukacji', unit: 'edukacja' },
  { key: 'edukacja-publisher', name: 'Magdalena Wróbel', position: 'Podinspektor', unit: 'edukacja' },
  { key: 'gk-head', name: 'Stanisław Kaczmarek', position: 'Dyrektor Wydziału Gospodarki Komunalnej', unit: 'gk' },
  { key: 'zdmk-head', name: 'Wojciech Michalski', position: 'Dyrektor Zarządu Dróg Miasta Krakowa', unit: 'zdmk' },
  { key: 'zdmk-publisher', name: 'Zofia Krawczyk', position: 'Rzecznik prasowy', unit: 'zdmk' },
  { key: 'mops-head', name: 'Joanna Adamczyk', position: 'Dyrektor MOPS', unit: 'mops' },
  { key: 'zzm-head', name: 'Krzysztof Dudek', position: 'Dyrektor Zarządu Zieleni Miejskiej', unit: 'zzm' },
  { key: 'kbf-head', name: 'Agnieszka Sikora', position: 'Dyrektor Krakowskiego Biura Festiwalowego', unit: 'kbf' },
  // Employees without MPI accounts, as most are.
  {
    key: 'gk-deputy',
    name: 'Elżbieta Nowicka',
    position: 'Zastępca Dyrektora Wydziału Gospodarki Komunalnej',
    unit: 'gk',
  },
  { key: 'kultura-staff-1', name: 'Jakub Wieczorek', position: 'Referent', unit: 'kultura' },
  { key: 'kultura-staff-2', name: 'Natalia Majewska', position: 'Specjalista', unit: 'kultura' },
  { key: 'kultura-staff-3', name: 'Michał Olszewski', position: 'Inspektor', unit: 'kultura' },
  { key: 'edukacja-staff-1', name: 'Karolina Jaworska', position: 'Referent', unit: 'edukacja' },
  { key: 'edukacja-staff-2', name: 'Dariusz Malinowski', position: 'Inspektor', unit: 'edukacja' },
  { key: 'zdmk-staff-1', name: 'Monika Stępień', position: 'Specjalista ds. komunikacji', unit: 'zdmk' },
  { key: 'mops-staff-1', name: 'Rafał Górecki', position: 'Pracownik socjalny', unit: 'mops' },
  { key: 'zzm-staff-1', name: 'Iwona Pietrzak', position: 'Ogrodnik miejski', unit: 'zzm' },
];

/** [person, unit] designated responsible for publishing; the access sample grants rest on these. */
const DESIGNATIONS: [string, string][] = [
  ['kultura-publisher', 'kultura'],
  ['editor-1', 'wks'],
  ['editor-2', 'wks'],
  ['editor-in-chief', 'wks'],
  ['edukacja-publisher', 'edukacja'],
  ['bip-admin', 'won'],
  ['zdmk-publisher', 'zdmk'],
];

/** The culture department's internal order in force, with named responsibility. */
const KULTURA_ORDER = {
  number: 'KD-1/2026',
  issuedOn: '2026-01-15',
  categories: [
    {
      name: 'Wydarzenia kulturalne',
      description: 'Zapowiedzi i relacje z wydarzeń miejskich instytucji kultury',
      prepare: ['kultura-clerk'],
      update: ['kultura-publisher'],
      publish: ['kultura-publisher'],
    },
    {
      name: 'Konkursy i dotacje',
      description: 'Otwarte konkursy ofert i ich wyniki',
      prepare: ['kultura-publisher'],
      update: ['kultura-publisher'],
      publish: ['kultura-publisher'],
    },
  ],
};

const headKeyOf = (unitKey: string) => UNITS.find((unit) => unit.key === unitKey)?.head ?? 'wks-director';

export async function seed(db: DataSource): Promise<void> {
  if ((await db.getRepository(Unit).count()) > 0) return;
  await db.transaction(async (tx) => {
    const createdAt = sampleDate(400);
    await tx.getRepository(Unit).insert(
      UNITS.map((unit) => ({
        id: sampleId(`unit:${unit.key}`),
        name: unit.name,
        sortName: sortKey(unit.name),
        shortName: unit.shortName,
        kind: unit.kind,
        parentId: unit.parent ? sampleId(`unit:${unit.parent}`) : null,
        isEditorialOffice: unit.editorialOffice ?? false,
        createdAt,
      })),
    );
    await tx.getRepository(Person).insert(
      PEOPLE.map((person) => ({
        id: sampleId(`person:${person.key}`),
        name: person.name,
        sortName: sortKey(person.name),
        position: person.position,
        email: `${person.key}@um.krakow.pl`,
        unitId: sampleId(`unit:${person.unit}`),
        createdAt,
      })),
    );
    const functions = PEOPLE.flatMap((person) =>
      (person.functions ?? []).map((fn) => ({
        key: `function:${fn}:${person.key}`,
        fn,
        person: person.key,
        unit: null as string | null,
      })),
    );
    const headships = UNITS.filter((unit) => unit.head).map((unit) => ({
      key: `function:UNIT_HEAD:${unit.key}`,
      fn: 'UNIT_HEAD' as FunctionName,
      person: unit.head as string,
      unit: unit.key,
    }));
    await tx.getRepository(FunctionHolding).insert(
      [...functions, ...headships].map((holding) => ({
        id: sampleId(holding.key),
        function: holding.fn,
        personId: sampleId(`person:${holding.person}`),
        unitId: holding.unit ? sampleId(`unit:${holding.unit}`) : null,
        startedAt: createdAt,
        endedAt: null,
        basis: 'Dane przykładowe',
        recordedByAccountId: null,
      })),
    );
    await tx.getRepository(Designation).insert(
      DESIGNATIONS.map(([person, unit]) => ({
        id: sampleId(`designation:${person}:${unit}`),
        unitId: sampleId(`unit:${unit}`),
        personId: sampleId(`person:${person}`),
        validFrom: sampleDate(210),
        validUntil: null,
        withdrawnAt: null,
        withdrawalReason: null,
        basis: 'Dane przykładowe',
        designatedByPersonId: sampleId(`person:${headKeyOf(unit)}`),
        createdAt: sampleDate(210),
      })),
    );
    const orderId = sampleId('order:kultura:1');
    await tx.getRepository(InternalOrder).insert({
      id: orderId,
      unitId: sampleId('unit:kultura'),
      number: KULTURA_ORDER.number,
      issuedOn: KULTURA_ORDER.issuedOn,
      version: 1,
      inForceUnitId: sampleId('unit:kultura'),
      supersededAt: null,
      supersededById: null,
      issuedByPersonId: sampleId('person:kultura-head'),
      createdAt: sampleDate(290),
    });
    for (const [position, category] of KULTURA_ORDER.categories.entries()) {
      const categoryId = sampleId(`order:kultura:1:${position}`);
      await tx
        .getRepository(OrderCategory)
        .insert({ id: categoryId, orderId, position, name: category.name, description: category.description });
      const duties = [
        ...category.prepare.map((p) => [p, 'PREPARE'] as const),
        ...category.update.map((p) => [p, 'UPDATE'] as const),
        ...category.publish.map((p) => [p, 'PUBLISH'] as const),
      ];
      await tx.getRepository(OrderResponsibility).insert(
        duties.map(([person, duty]) => ({
          id: sampleId(`${categoryId}:${person}:${duty}`),
          categoryId,
          personId: sampleId(`person:${person}`),
          duty,
        })),
      );
    }
  });
}
