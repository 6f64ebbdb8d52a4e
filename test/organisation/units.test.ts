import { startTestPlatform, type TestPlatform } from '../support/platform';

describe('units, people and the functions the order names', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform?.stop());

  test('R-5.1 the editorial office sits in Referat Mediów Miejskich of WKS and is led by the editor-in-chief', async () => {
    const response = await platform.query(`{
      editorialOffice {
        name isEditorialOffice
        parent { name parent { name shortName } }
        head { name roles }
        members(first: 10) { nodes { name roles } }
      }
    }`);
    const office = response.data!.editorialOffice;
    expect(office).toMatchObject({
      name: 'Redakcja MPI',
      isEditorialOffice: true,
      parent: { name: 'Referat Mediów Miejskich', parent: { name: 'Wydział Komunikacji Społecznej', shortName: 'KS' } },
      head: { name: 'Piotr Nowak' },
    });
    expect(office.head.roles).toEqual(
      expect.arrayContaining(['EDITOR_IN_CHIEF', 'UNIT_HEAD', 'EDITORIAL_OFFICE_MEMBER']),
    );
    expect(office.members.nodes.map((p: { name: string }) => p.name)).toEqual([
      'Anna Kowalczyk',
      'Łukasz Górski',
      'Piotr Nowak',
    ]);
    for (const member of office.members.nodes) expect(member.roles).toContain('EDITORIAL_OFFICE_MEMBER');
  });

  test('R-2.2 office cells hang under the City Office; city entities stand on their own', async () => {
    const cells = await platform.query('{ units(kind: OFFICE_CELL, first: 100) { nodes { name parent { name } } } }');
    const entities = await platform.query(
      '{ units(kind: CITY_ENTITY, first: 100) { nodes { name parent { name } head { name } } } }',
    );
    expect(
      cells
        .data!.units.nodes.filter((u: { parent: unknown }) => u.parent === null)
        .map((u: { name: string }) => u.name),
    ).toEqual(['Urząd Miasta Krakowa']);
    expect(entities.data!.units.nodes.map((u: { name: string }) => u.name)).toContain('Zarząd Dróg Miasta Krakowa');
    for (const unit of entities.data!.units.nodes) {
      expect(unit.parent).toBeNull();
      expect(unit.head.name).toEqual(expect.any(String));
    }
  });

  test('R-3.1 R-7.1 R-5.2.5 the functions of the order are held by named people', async () => {
    const response = await platform.query(
      `{ units(first: 100) { nodes { members(first: 50) { nodes { name roles } } } } }`,
    );
    const people = response.data!.units.nodes.flatMap((u: { members: { nodes: unknown[] } }) => u.members.nodes);
    const holder = (role: string) =>
      people.filter((p: { roles: string[] }) => p.roles.includes(role)).map((p: { name: string }) => p.name);
    expect(holder('WKS_DIRECTOR')).toEqual(['Ewa Dąbrowska']);
    expect(holder('DEPUTY_MAYOR')).toEqual(['Andrzej Kozłowski']);
    expect(holder('SYSTEM_ADMINISTRATOR')).toEqual(['Jan Wójcik']);
    expect(holder('DPO')).toEqual(['Katarzyna Lewandowska']);
    expect(holder('BIP_ADMIN')).toEqual(['Marek Kamiński']);
    expect(holder('EDITOR_IN_CHIEF')).toEqual(['Piotr Nowak']);
  });
});
