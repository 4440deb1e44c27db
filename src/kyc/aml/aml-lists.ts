import crypto from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import {
  activateList,
  deleteActiveList,
  deleteList,
  type EntryInsert,
  insertEntries,
  insertNames,
  insertStagedList,
  type NameInsert,
  selectActiveLists,
} from '../../store/aml-store.js';
import type { Database } from '../../store/database.js';
import { nameKeys, nameTokens } from './name-normalise.js';
import { type ListedEntry, ListFormatError, readOpenSanctionsCsv } from './opensanctions-csv.js';
import type { ListKind } from './screening-rules.js';

// Operator-loaded sanctions and PEP lists (nothing is fetched: the operator downloads a list and loads it). A load
// streams the file, stages the entries in batches, and switches the new version active in one short
// transaction, so screening never sees half a list, and a failed load leaves the previous version in place.

export const LIST_FORMAT = 'opensanctions-targets-simple-csv';
const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const BATCH = 500;
/** A bigger file is refused (the whole OpenSanctions "default" collection is well under this). */
export const MAX_LIST_BYTES = 2 * 1024 * 1024 * 1024;

export interface LoadListInput {
  /** A short name; loading the same name again replaces that list. */
  readonly name: string;
  readonly source: Readable;
  /** The kind of entries without a sanctions program (PEP lists: `pep`). */
  readonly kind?: Exclude<ListKind, 'sanction'>;
  /** Who loads it, for the record: `cli`, `admin:<email>`. */
  readonly loadedBy: string;
}

export interface ListSummary {
  readonly name: string;
  readonly format: string;
  readonly entries: number;
  readonly names: number;
  /** Rows that are not people (companies, vessels, ...) or have no usable name. */
  readonly skipped: number;
  readonly sha256: string;
  readonly loadedAt: Date;
  readonly loadedBy: string;
}

export function checkListName(name: string): void {
  if (!LIST_NAME.test(name))
    throw new ListFormatError(
      'a list name is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
}

/** Counts and hashes the bytes going through, and stops a file over the size limit. */
function meter(source: Readable): { stream: PassThrough; digest: () => string } {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  const stream = new PassThrough();
  source.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    hash.update(chunk);
    if (bytes > MAX_LIST_BYTES) {
      stream.destroy(new ListFormatError(`the list is larger than ${MAX_LIST_BYTES} bytes`));
      source.destroy();
    }
  });
  source.on('error', (error) => stream.destroy(error));
  source.pipe(stream);
  return { stream, digest: () => hash.digest('hex') };
}

async function storeBatch(db: Database, listId: number, batch: readonly (ListedEntry & { seq: number })[]) {
  const entries: EntryInsert[] = batch.map((e) => ({
    seq: e.seq,
    sourceId: e.sourceId,
    caption: e.caption,
    kind: e.kind,
    birthDates: e.birthDates,
    countries: e.countries,
    datasets: e.datasets,
  }));
  let names = 0;
  await db.transaction(async (tx) => {
    const ids = await insertEntries(tx, listId, entries);
    const rows: NameInsert[] = [];
    for (const entry of batch) {
      for (const name of entry.names) {
        const tokens = nameTokens(name);
        const keys = nameKeys(tokens);
        if (tokens.length === 0 || keys.length === 0) continue;
        rows.push({ entryId: ids.get(entry.seq)!, name, tokens, keys });
      }
    }
    for (let i = 0; i < rows.length; i += BATCH) await insertNames(tx, listId, rows.slice(i, i + BATCH));
    names = rows.length;
  });
  return names;
}

export async function loadList(db: Database, input: LoadListInput): Promise<ListSummary> {
  checkListName(input.name);
  const listId = await insertStagedList(db, {
    name: input.name,
    format: LIST_FORMAT,
    loadedBy: input.loadedBy,
  });
  const metered = meter(input.source);
  const counts = { rows: 0, skipped: 0 };
  let entries = 0;
  let names = 0;
  try {
    let batch: (ListedEntry & { seq: number })[] = [];
    for await (const entry of readOpenSanctionsCsv(metered.stream, input.kind ?? 'watchlist', counts)) {
      batch.push({ ...entry, seq: entries++ });
      if (batch.length >= BATCH) {
        names += await storeBatch(db, listId, batch);
        batch = [];
      }
    }
    names += await storeBatch(db, listId, batch);
    if (counts.rows === 0) throw new ListFormatError('the list has no rows');
    const sha256 = metered.digest();
    await db.transaction((tx) =>
      activateList(tx, listId, { entries, names, skipped: counts.skipped, sha256 }),
    );
    return {
      name: input.name,
      format: LIST_FORMAT,
      entries,
      names,
      skipped: counts.skipped,
      sha256,
      loadedAt: new Date(),
      loadedBy: input.loadedBy,
    };
  } catch (error) {
    await deleteList(db, listId).catch(() => {});
    throw error;
  }
}

export async function activeLists(db: Database): Promise<ListSummary[]> {
  return (await selectActiveLists(db)).map((row) => ({
    name: row.name,
    format: row.format,
    entries: row.entries,
    names: row.names,
    skipped: row.skipped,
    sha256: row.sha256 ?? '',
    loadedAt: row.loaded_at,
    loadedBy: row.loaded_by,
  }));
}

export async function removeList(db: Database, name: string): Promise<boolean> {
  checkListName(name);
  return deleteActiveList(db, name);
}

export { ListFormatError };
