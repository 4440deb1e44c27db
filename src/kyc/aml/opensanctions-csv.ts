import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { ListKind } from './screening-rules.js';

// The list format openkyc imports: OpenSanctions' "targets.simple.csv" (one row per entity, RFC 4180 CSV with a
// header; multiple values in one cell are separated by ";"). The columns used are
//   id, schema, name, aliases, birth_date, countries, sanctions, dataset
// (any others, e.g. addresses, identifiers, phones, emails, program_ids, first_seen, last_seen, last_change,
// are ignored). Only people are screened: rows whose schema is Person, or LegalEntity (OpenSanctions' type for
// an entity not known to be a person or a company), are read; companies, vessels and the rest are skipped.
// A row with a non-empty `sanctions` cell is a sanctions entry; the others take the kind the operator names for
// the file (PEP lists: `pep`; other watchlists: `watchlist`).

export interface ListedEntry {
  /** The list's own id of the entity (OpenSanctions: e.g. "NK-...", "Q7747"). */
  readonly sourceId: string;
  readonly caption: string;
  /** The caption first, then the aliases, without repeats. */
  readonly names: readonly string[];
  readonly kind: ListKind;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  readonly birthDates: readonly string[];
  /** ISO 3166-1 alpha-2 as the list gives them (lower case in OpenSanctions). */
  readonly countries: readonly string[];
  readonly datasets: readonly string[];
}

export class ListFormatError extends Error {
  override name = 'ListFormatError';
}

const REQUIRED = ['id', 'schema', 'name'] as const;
const PEOPLE = new Set(['Person', 'LegalEntity']);
const DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;
/** Bounds on one row, so a hostile or broken file cannot blow up memory or the index. */
const MAX_NAMES = 64;
const MAX_NAME_LENGTH = 300;
const MAX_RECORD_BYTES = 1024 * 1024;

const many = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split(';')
    .map((value) => value.trim())
    .filter((value) => value.length > 0);

export interface ParseCounts {
  rows: number;
  skipped: number;
}

/**
 * Reads a targets.simple.csv stream, yielding the people in it. Throws ListFormatError for a file that is not
 * in this format (missing header columns, broken quoting), naming the line.
 */
export async function* readOpenSanctionsCsv(
  input: Readable,
  defaultKind: Exclude<ListKind, 'sanction'>,
  counts: ParseCounts = { rows: 0, skipped: 0 },
): AsyncGenerator<ListedEntry> {
  const parser = input.pipe(
    parse({
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim().toLowerCase());
        const missing = REQUIRED.filter((column) => !names.includes(column));
        if (missing.length > 0)
          throw new ListFormatError(
            `not an OpenSanctions targets.simple.csv file: missing column(s) ${missing.join(', ')}`,
          );
        return names;
      },
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  input.on('error', (error) => parser.destroy(error));
  try {
    for await (const record of parser as AsyncIterable<Record<string, string | undefined>>) {
      counts.rows++;
      const entry = toEntry(record, defaultKind);
      if (entry) yield entry;
      else counts.skipped++;
    }
  } catch (error) {
    if (error instanceof ListFormatError) throw error;
    if (error instanceof CsvError) throw new ListFormatError(`broken CSV: ${error.message}`);
    throw error;
  }
}

function toEntry(
  record: Record<string, string | undefined>,
  defaultKind: Exclude<ListKind, 'sanction'>,
): ListedEntry | undefined {
  const sourceId = record.id?.trim() ?? '';
  const caption = record.name?.trim() ?? '';
  if (!PEOPLE.has(record.schema?.trim() ?? '') || !sourceId || !caption || sourceId.length > 200)
    return undefined;
  const names = [...new Set([caption, ...many(record.aliases)])]
    .filter((name) => name.length <= MAX_NAME_LENGTH)
    .slice(0, MAX_NAMES);
  if (names.length === 0) return undefined;
  return {
    sourceId,
    caption: caption.slice(0, MAX_NAME_LENGTH),
    names,
    kind: many(record.sanctions).length > 0 ? 'sanction' : defaultKind,
    birthDates: many(record.birth_date).filter((date) => DATE.test(date)),
    countries: many(record.countries)
      .filter((c) => /^[A-Za-z]{2,4}$/.test(c))
      .map((c) => c.toUpperCase()),
    datasets: many(record.dataset).slice(0, 32),
  };
}
