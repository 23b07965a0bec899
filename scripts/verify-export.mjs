#!/usr/bin/env node
// Verifies a sepakat agreement export (JSON or CSV) offline, with nothing but Node.js: it shares no
// code with the service, so it checks the export against the documented hash rule, not against
// the service's own implementation of it.
//
//   node scripts/verify-export.mjs FILE        (or: npm run verify-export -- FILE)
//
// The rule: hash = hex(sha256(utf8(prevHash + canonicalJson({ stream, revision, type, data, metadata }))))
// where metadata is the stored metadata without "hash" (it keeps "prevHash"), revision is a JSON
// number, canonicalJson is RFC 8785 (JCS), and the first prevHash is 64 zeros.
// In a CSV export every cell is quoted, and a cell whose value starts with = + - @ TAB CR or ' has
// one more ' in front (so that a spreadsheet shows it as text): the verifier takes one leading '
// away from every cell that has one, which restores each value exactly.
// Exit code 0: the chain is intact; 1: it is broken (the first broken revision is named); 2: unusable input.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const GENESIS = '0'.repeat(64);

/** RFC 8785: keys sorted by UTF-16 code units, no whitespace, ECMAScript number and string forms. */
function canonicalJson(value) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a JSON number: ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  throw new Error(`not JSON: ${typeof value}`);
}

/** The value of a CSV cell: the export's formula neutralisation undone (one leading quote taken away). */
function cellValue(cell) {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

function eventsOf(file) {
  const text = readFileSync(file, 'utf8');
  if (text.trimStart().startsWith('{')) {
    const document = JSON.parse(text);
    if (!Array.isArray(document.events)) throw new Error('not a sepakat export: no "events"');
    return document.events.map((e) => ({ stream: e.stream, revision: e.revision, type: e.type, data: e.data, metadata: e.metadata }));
  }
  const [header, ...rows] = parseCsv(text).map((row) => row.map(cellValue));
  const column = (name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`not a sepakat export: no column ${name}`);
    return index;
  };
  const [stream, revision, type, data, metadata] = ['stream', 'revision', 'type', 'data_json', 'metadata_json'].map(column);
  return rows
    .filter((row) => row.length > 1)
    .map((row) => ({
      stream: row[stream],
      revision: Number(row[revision]),
      type: row[type],
      data: JSON.parse(row[data]),
      metadata: JSON.parse(row[metadata]),
    }));
}

function verify(events) {
  let prevHash = GENESIS;
  const stream = events[0]?.stream;
  for (let expected = 0; expected < events.length; expected += 1) {
    const event = events[expected];
    if (event.stream !== stream) return { revision: expected, reason: `event of another stream (${event.stream})` };
    if (event.revision !== expected)
      return { revision: expected, reason: `revision ${expected} is missing or out of order (found ${event.revision})` };
    const { hash, ...unhashed } = event.metadata;
    if (unhashed.prevHash !== prevHash) return { revision: expected, reason: 'prevHash does not match the previous hash' };
    const body = canonicalJson({ stream: event.stream, revision: event.revision, type: event.type, data: event.data, metadata: unhashed });
    const recomputed = createHash('sha256')
      .update(prevHash + body, 'utf8')
      .digest('hex');
    if (recomputed !== hash) return { revision: expected, reason: 'the content does not match its hash' };
    prevHash = hash;
  }
  return undefined;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run verify-export -- FILE (a JSON or CSV export of GET /agreements/:id/export)\n');
  process.exit(2);
}
let events;
try {
  events = eventsOf(file);
} catch (error) {
  process.stderr.write(`verify-export: ${file} cannot be read as an export: ${error.message}\n`);
  process.exit(2);
}
const broken = verify(events);
if (broken) {
  process.stdout.write(
    `BROKEN ${events[0]?.stream}: revision ${broken.revision}: ${broken.reason} (${broken.revision} of ${events.length} events verified)\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `OK ${events[0]?.stream ?? '(empty)'}: ${events.length} events, hash chain intact, last hash ${events.at(-1)?.metadata.hash ?? '-'}\n`,
);
