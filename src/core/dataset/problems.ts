// Problem lines as the loader reports them (`file: json.path: reason`) and the dataset's file names.

export class Problems {
  readonly lines: string[] = [];
  add(file: string, path: string, message: string): void {
    this.lines.push(path === '' ? `${file}: ${message}` : `${file}: ${path}: ${message}`);
  }
  get count(): number {
    return this.lines.length;
  }
}

export const INSTITUTIONS_FILE = 'institutions.json';
export const PERSONS_FILE = 'persons.json';
export const FILINGS_FILE = 'filings.json';
export const ACCUMULATORS_FILE = 'accumulators.json';
export const REGIONS_FILE = 'regions.json';
export const STAFF_FILE = 'staff.json';
export const CATALOGUE_FILE = (province: string): string => `catalogue/${province}.json`;
export const POLICY_FILE = (key: string): string => `policies/${key}.json`;
