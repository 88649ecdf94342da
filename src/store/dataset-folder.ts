// Reads and writes a dataset folder (shared/spec/dataset.md); JSON syntax and unknown files are problems too.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACCUMULATORS_FILE,
  CATALOGUE_FILE,
  FILINGS_FILE,
  INSTITUTIONS_FILE,
  PERSONS_FILE,
  POLICY_FILE,
  Problems,
  REGIONS_FILE,
  STAFF_FILE,
} from '../core/dataset/problems.ts';
import type { RawDataset } from '../core/dataset/schema.ts';
import { type ValidationResult, validateDataset } from '../core/dataset/validate.ts';

const TOP_FILES = [
  INSTITUTIONS_FILE,
  PERSONS_FILE,
  FILINGS_FILE,
  ACCUMULATORS_FILE,
  REGIONS_FILE,
  STAFF_FILE,
] as const;
const FOLDERS = ['catalogue', 'policies'] as const;
const KNOWN =
  'a dataset holds institutions.json, catalogue/<province>.json, policies/<admdvs>-<insutype>.json, persons.json, filings.json, accumulators.json, regions.json, staff.json';

export type FolderResult =
  | { readonly ok: true; readonly raw: RawDataset }
  | { readonly ok: false; readonly problems: readonly string[] };

export function readDatasetFolder(dir: string): FolderResult {
  const problems = new Problems();
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return { ok: false, problems: [`${dir}: not a folder`] };
  const read = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      problems.add(file, '', `not valid JSON (${(error as Error).message})`);
      return undefined;
    }
  };
  const raw: Record<string, unknown> = {};
  const keyOf: Record<(typeof TOP_FILES)[number], string> = {
    [INSTITUTIONS_FILE]: 'institutions',
    [PERSONS_FILE]: 'persons',
    [FILINGS_FILE]: 'filings',
    [ACCUMULATORS_FILE]: 'accumulators',
    [REGIONS_FILE]: 'regions',
    [STAFF_FILE]: 'staff',
  };
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.')) continue;
    if ((TOP_FILES as readonly string[]).includes(entry))
      raw[keyOf[entry as (typeof TOP_FILES)[number]]] = read(entry);
    else if ((FOLDERS as readonly string[]).includes(entry) && statSync(join(dir, entry)).isDirectory()) {
      const files: Record<string, unknown> = {};
      for (const name of readdirSync(join(dir, entry)).sort()) {
        if (!name.endsWith('.json')) problems.add(`${entry}/${name}`, '', `unknown file (${KNOWN})`);
        else files[name.slice(0, -'.json'.length)] = read(`${entry}/${name}`);
      }
      raw[entry === 'catalogue' ? 'catalogues' : 'policies'] = files;
    } else problems.add(entry, '', `unknown file (${KNOWN})`);
  }
  if (problems.count === 0 && Object.keys(raw).length === 0)
    problems.add(dir, '', `empty dataset (${KNOWN})`);
  return problems.count > 0 ? { ok: false, problems: problems.lines } : { ok: true, raw: raw as RawDataset };
}

/** Reads a dataset folder and validates all of it, without touching any database. */
export function readValidDataset(dir: string): ValidationResult {
  const folder = readDatasetFolder(dir);
  return folder.ok ? validateDataset(folder.raw) : folder;
}

/** Writes one JSON file per part, pretty enough to read and diff. */
export function writeDatasetFolder(dir: string, raw: RawDataset): string[] {
  const written: string[] = [];
  const write = (file: string, data: unknown) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), `${JSON.stringify(data, null, 1)}\n`);
    written.push(file);
  };
  if (raw.institutions) write(INSTITUTIONS_FILE, raw.institutions);
  for (const [province, rows] of Object.entries(raw.catalogues ?? {})) write(CATALOGUE_FILE(province), rows);
  for (const [key, doc] of Object.entries(raw.policies ?? {})) write(POLICY_FILE(key), doc);
  if (raw.persons) write(PERSONS_FILE, raw.persons);
  if (raw.filings) write(FILINGS_FILE, raw.filings);
  if (raw.accumulators) write(ACCUMULATORS_FILE, raw.accumulators);
  if (raw.regions) write(REGIONS_FILE, raw.regions);
  if (raw.staff) write(STAFF_FILE, raw.staff);
  return written;
}
