/**
 * Polish words and their base forms, so that inflected forms find each other: "urzędu" and
 * "urzędzie" → "urząd", "żółwie" → "żółw", "głosujemy" → "głosować", "Krakowie" → "Kraków".
 * The forms come from the Polish Hunspell dictionary of SJP (`dictionary-pl`), read by Hunspell
 * itself (`nodehun`): every form the dictionary generates from a word maps back to that word.
 * A form may have several base forms ("żółwie": "żółw", "żółwi"); all are kept. Words the
 * dictionary does not know (street names, bands, numbers) have none: they are found as written.
 * Base forms are returned folded (common/collation.ts), like everything in the index.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import type { Nodehun } from 'nodehun';
import { isMainThread } from 'node:worker_threads';
import { fold } from '../../../common/collation';

/**
 * The dictionary, loaded on first use: ~0.15 s and ~45 MB of native memory that Hunspell does not
 * give back. So it is loaded once per process and kept on the addon's class, which Node loads
 * once per process even where a test runner loads this module afresh for every test file.
 * Only ever on the main thread: nodehun keeps its constructor in a C++ static and Hunspell shares
 * tables between instances, so an instance in a worker thread beside one in the main thread can
 * crash the process (seen once as a SIGSEGV in CI). The addon is required here, not at the top, so
 * that a worker thread that imports this module never loads it.
 */
const LOADED = Symbol.for('mpi.content.search.polishDictionary');

function dictionary(): Nodehun {
  if (!isMainThread)
    throw new Error('The Polish dictionary is used on the main thread only (nodehun is not thread-safe).');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  const addon = require('nodehun').Nodehun as { new (aff: Buffer, dic: Buffer): Nodehun; [LOADED]?: Nodehun };
  if (!addon[LOADED]) {
    const folder = path.dirname(require.resolve('dictionary-pl'));
    addon[LOADED] = new addon(
      fs.readFileSync(path.join(folder, 'index.aff')),
      fs.readFileSync(path.join(folder, 'index.dic')),
    );
  }
  return addon[LOADED];
}

const LETTERS = /^\p{L}+$/u;
const TOKEN = /^[a-z]+$/;

/** Folded base forms that are one word each (the index holds words, not phrases). */
const folded = (forms: string[]) => [...new Set(forms.map(fold))].filter((form) => TOKEN.test(form));

const known = new LRUCache<string, string[]>({ max: 100_000 });

/**
 * The folded base forms of a word as written in a document ("Urzędu" → ["urzad"]); [] if unknown.
 * A name written in lower case ("w krakowie") is looked up capitalised too.
 */
export function baseForms(word: string): string[] {
  if (!LETTERS.test(word)) return [];
  let forms = known.get(word);
  if (!forms) {
    const hunspell = dictionary();
    forms = hunspell.stemSync(word);
    if (forms.length === 0 && word === word.toLowerCase())
      forms = hunspell.stemSync(word[0].toUpperCase() + word.slice(1));
    forms = folded(forms);
    known.set(word, forms);
  }
  return forms;
}

/** Letters a Polish word may carry a diacritic on, and what they become ("z" → "ź", "ż"). */
const WITH_DIACRITIC: Record<string, string[]> = {
  a: ['ą'],
  c: ['ć'],
  e: ['ę'],
  l: ['ł'],
  n: ['ń'],
  o: ['ó'],
  s: ['ś'],
  z: ['ź', 'ż'],
};
/** Spellings tried for one query word: enough for any word with up to four Polish letters. */
const MAX_SPELLINGS = 400;
const MAX_DIACRITICS = 4;

/**
 * Ways a folded query word may have been written with Polish letters, fewest changes first:
 * "zolwie" → "zolwie", "żolwie", …, "żółwie".: a query need not carry diacritics.
 */
export function spellings(word: string): string[] {
  const found = [word];
  let level = [{ word, from: 0 }];
  for (let changes = 1; changes <= MAX_DIACRITICS && level.length; changes += 1) {
    const next: typeof level = [];
    for (const { word: base, from } of level) {
      for (let i = from; i < base.length; i += 1) {
        for (const letter of WITH_DIACRITIC[base[i]] ?? []) {
          if (found.length >= MAX_SPELLINGS) return found;
          const spelled = base.slice(0, i) + letter + base.slice(i + 1);
          found.push(spelled);
          next.push({ word: spelled, from: i + 1 });
        }
      }
    }
    level = next;
  }
  return found;
}

const asked = new LRUCache<string, string[]>({ max: 10_000 });

/**
 * The folded base forms of a folded query word, however it was meant to be spelled: each
 * spelling with Polish letters the dictionary knows, in lower case and capitalised (names).
 * "urzedu" → ["urzad"], "krakowie" → ["krakow"], "zolwie" → ["zolwi", "zolw"].
 */
export function queryBaseForms(word: string): string[] {
  if (!TOKEN.test(word)) return [];
  let forms = asked.get(word);
  if (!forms) {
    const hunspell = dictionary();
    const spelled = spellings(word).flatMap((spelling) => [spelling, spelling[0].toUpperCase() + spelling.slice(1)]);
    forms = folded(spelled.flatMap((spelling) => hunspell.stemSync(spelling)));
    asked.set(word, forms);
  }
  return forms;
}
