/** the base forms search indexes and looks for, from the Polish dictionary (no database). */
import { searchWords, searchableText, searchableTextInSlices } from '../../subgraphs/content/domain/search';
import { baseForms, queryBaseForms, spellings } from '../../subgraphs/content/domain/search/polish';

describe('R-2.1 Polish words and their base forms', () => {
  test.each([
    ['urząd', ['urzędu', 'urzędzie', 'urzędy', 'urzędów']],
    ['żółw', ['żółwie', 'żółwiami']],
    ['Kraków', ['Krakowa', 'Krakowie', 'krakowie']],
    ['szkoła', ['szkoły', 'szkół', 'szkole', 'szkołach']],
    ['głosować', ['głosowanie', 'głosowania', 'głosujemy', 'głosował', 'głosowali']],
    ['mieszkaniec', ['mieszkańca', 'mieszkańcy', 'mieszkańców']],
    ['biblioteka', ['bibliotekach', 'bibliotece', 'bibliotek']],
    ['droga', ['drogi', 'drodze']],
  ])('R-2.1 inflected forms of "%s" lead to it', (base, forms) => {
    const folded = baseForms(base);
    expect(folded.length).toBeGreaterThan(0);
    for (const form of forms) expect(baseForms(form).filter((f) => folded.includes(f))).not.toEqual([]);
  });

  test('R-2.1 a query word without Polish letters has the base forms of the word meant', () => {
    expect(queryBaseForms('urzedu')).toEqual(['urzad']);
    expect(queryBaseForms('zolwie')).toContain('zolw');
    expect(queryBaseForms('krakowie')).toEqual(['krakow']);
    expect(queryBaseForms('mieszkancow')).toEqual(['mieszkaniec']);
    expect(queryBaseForms('123457')).toEqual([]);
  });

  test('R-2.3 the same query with or without Polish letters looks for the same', () => {
    expect(searchWords('Żółwie w URZĘDZIE')).toEqual(searchWords('zolwie w urzedzie'));
  });

  test('spellings tried: up to four Polish letters, fewest first, bounded', () => {
    expect(spellings('zolc')).toContain('żółć');
    expect(spellings('zolc')[0]).toBe('zolc');
    expect(spellings('zagospodarowania').length).toBeLessThanOrEqual(400);
  });

  test('a document is indexed word by word, folded, each followed by its other base forms', () => {
    expect(
      searchableText({
        title: 'Urząd w Krakowie',
        lead: null,
        body: '<p>Dyżur <b>Zakopower</b></p>',
        tags: ['kultura'],
      }),
    ).toEqual({
      title: 'urzad w krakowie krakow',
      body: 'dyzur zakopower kultura',
    });
  });

  test('R-2.1 issue 12: a long body indexed a slice per turn of the event loop holds the same words as at once', async () => {
    const body = Array.from({ length: 3000 }, (_, i) => `<p>W urzędzie ${i} mieszkańcy Krakowa głosują</p>`).join('');
    const parts = { title: 'Dyżury w urzędach', lead: 'Szkoły i biblioteki', body, tags: ['kultura'] };
    const sliced = await searchableTextInSlices(parts);
    expect(sliced).toEqual(searchableText(parts));
    expect(sliced.body).toContain('urzad');
  });
});
