/**
 * The report of `npm run bench:gateway`: the table of targets, the ratios with pass/fail, and
 * its section in bench/RESULTS.md (the rest of that file is kept as it is).
 */
import fs from 'node:fs';
import os from 'node:os';
import type { LoadSettings, Measurement } from './load';

export const HEADING = '# Gateway throughput (bench/gateway.ts)';

export interface Ratio {
  name: string;
  numerator?: Measurement;
  denominator?: Measurement;
  /** The target (at least this much); none for ratios given for context. */
  goal?: number;
}

export interface Report {
  settings: LoadSettings;
  command: string;
  query: string;
  measurements: Measurement[];
  ratios: Ratio[];
  notes: string[];
  date: Date;
}

function number(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function ratioValue(ratio: Ratio): number {
  if (!ratio.numerator || !ratio.denominator) return NaN;
  return ratio.numerator.requestsPerSecond / ratio.denominator.requestsPerSecond;
}

export function machine(): string {
  const cpus = os.cpus();
  const memory = (os.totalmem() / 1024 ** 3).toFixed(1);
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus.length} cores (${model}), ${memory} GiB memory, Node ${process.version}`;
}

export function table(measurements: Measurement[]): string {
  const lines = [
    '| target | requests/s | p50 ms | p99 ms | non-2xx | bad answers | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const m of measurements) {
    const measured = Number.isFinite(m.requestsPerSecond);
    const counts = measured ? `${m.non2xx} | ${m.badAnswers} | ${m.errors}` : '– | – | –';
    lines.push(`| ${m.target} | ${number(m.requestsPerSecond)} | ${number(m.p50)} | ${number(m.p99)} | ${counts} |`);
  }
  return lines.join('\n');
}

export function ratiosTable(ratios: Ratio[]): string {
  const lines = ['| ratio | value | target | result |', '|---|---:|---:|---|'];
  for (const ratio of ratios) {
    const value = ratioValue(ratio);
    const goal = ratio.goal === undefined ? '(context)' : `≥ ${ratio.goal}`;
    let result = '';
    if (ratio.goal !== undefined && !Number.isFinite(value)) result = 'not measured';
    else if (ratio.goal !== undefined) result = value >= ratio.goal ? 'pass' : 'FAIL';
    // Two significant digits for small ratios (the cached read against the floor is far below 0.01 today).
    const shown = Number.isFinite(value) && value < 0.1 ? value.toPrecision(2) : number(value, 2);
    lines.push(`| ${ratio.name} | ${shown} | ${goal} | ${result} |`);
  }
  return lines.join('\n');
}

export function section(report: Report): string {
  const { settings } = report;
  const notes = [...report.measurements.filter((m) => m.note).map((m) => `${m.target}: ${m.note}`), ...report.notes];
  const method =
    `Measured ${report.date.toISOString().replace('T', ' ').slice(0, 16)} UTC on ${machine()}, with ` +
    `\`${report.command}\`: autocannon in the bench process, ${settings.connections} connections, ` +
    `${settings.durationSeconds} s per target after a ${settings.warmupSeconds} s warm-up that is not counted, ` +
    'one target at a time. `npm start` is `node dist/scripts/start.js` on a fresh DATA_DIR (SQLite, sample data); ' +
    'the stock gateway and the bare Node server each run in a process of their own; the stock gateway and the ' +
    'content subgraph alone are measured against the subgraphs of the running `npm start` (response cache off). ' +
    'Every answer is checked to be GraphQL data without errors ("bad answers" counts the others, non-2xx ' +
    'included). Signed-in: `Authorization: Bearer` token of the sample account anna.kowalczyk.';
  return [
    HEADING,
    '',
    wrap(method),
    '',
    '```graphql',
    report.query,
    '```',
    '',
    table(report.measurements),
    '',
    ratiosTable(report.ratios),
    '',
    ...(notes.length > 0 ? ['Notes:', ...notes.map((note) => wrap(`- ${note}`, '  ')), ''] : []),
    'Absolute numbers swing between runs on a busy machine: compare the ratios of one run.',
    '',
  ].join('\n');
}

/** Markdown prose kept under ~115 characters a line. */
function wrap(text: string, indent = '', width = 115): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** Replaces this benchmark's section of RESULTS.md (up to the next top-level heading), or appends it. */
export function writeSection(file: string, text: string): void {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const found = old.startsWith(HEADING) ? 0 : old.indexOf(`\n${HEADING}`);
  let next: string;
  if (found < 0) {
    next = old.trim() === '' ? text : `${old.trimEnd()}\n\n${text}`;
  } else {
    const start = found === 0 ? 0 : found + 1;
    const following = old.indexOf('\n# ', start + HEADING.length);
    next = old.slice(0, start) + text + (following < 0 ? '' : `\n${old.slice(following + 1)}`);
  }
  fs.writeFileSync(file, next);
}
