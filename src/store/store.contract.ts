// The store's behaviour, run against every database adapter (PGlite and a PostgreSQL server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mutable, smallDataset } from '../../test/support/datasets.ts';
import { validateDataset } from '../core/dataset/validate.ts';
import { DatasetError, loadDataset } from '../platform.ts';
import { writeDataset } from './dataset-writer.ts';
import type { Db } from './db.ts';
import { HubStore } from './hub-store.ts';
import { migrate } from './migrate.ts';
import { NODE_MIGRATIONS } from './migrations/node.ts';
import { NodeStore } from './node-store.ts';
import { prepareSchemas } from './open.ts';
import { nodeSchema } from './schemas.ts';

const PROVINCES = ['130000', '460000', '110000'];
/** What 河北's node holds once the small dataset is in: 石家庄's policy, 老张 and 李秀英 with their filings. */
const HEBEI_WITH_SMALL_DATASET = { institutions: 0, catalogueItems: 0, policies: 1, persons: 2, filings: 2 };

export function describeStore(
  name: string,
  open: () => Promise<{ db: Db; cleanup?: () => Promise<void> }>,
): void {
  describe(`store on ${name}`, () => {
    let db: Db;
    let cleanup: (() => Promise<void>) | undefined;
    const hebei = () => new NodeStore(db, '130000');
    const hainan = () => new NodeStore(db, '460000');

    beforeAll(async () => {
      ({ db, cleanup } = await open());
      await prepareSchemas(db, PROVINCES);
    });
    afterAll(async () => {
      await db?.close();
      await cleanup?.();
    });

    it('applies each migration once: a second run changes nothing', async () => {
      expect(await prepareSchemas(db, PROVINCES)).toBe(0);
      expect(await migrate(db, [nodeSchema('130000')], NODE_MIGRATIONS)).toBe(0);
    });

    it('writes each part of a dataset into the node that owns it', async () => {
      await loadDataset(db, smallDataset());
      expect(await hebei().counts()).toEqual(HEBEI_WITH_SMALL_DATASET);
      expect(await hainan().counts()).toEqual({
        institutions: 2,
        catalogueItems: 6,
        policies: 0,
        persons: 0,
        filings: 0,
      });
      expect(await new NodeStore(db, '110000').counts()).toMatchObject({ persons: 0, institutions: 0 });
      expect(await new HubStore(db).counts()).toEqual({ institutions: 2, filings: 2 });
    });

    it('loading the same dataset twice leaves the same data', async () => {
      await loadDataset(db, smallDataset());
      expect(await hebei().counts()).toEqual(HEBEI_WITH_SMALL_DATASET);
      expect(await hainan().counts()).toMatchObject({ catalogueItems: 6 });
    });

    it('keeps money in fen and dates as yyyy-MM-dd', async () => {
      const person = await hebei().findPerson('13010000000000001234', '310');
      expect(person).toMatchObject({
        psn_name: '张建国',
        acct_balc_fen: 320_000,
        brdy: '1970-03-12',
        insuplc_admdvs: '130100',
      });
      const [filing] = await hebei().filingsOf('13010000000000001234');
      expect(filing).toMatchObject({
        dcla_type: '13',
        mdtrtarea_admdvs: '460000',
        begndate: '2026-01-05',
        enddate: null,
      });
    });

    it('finds a person by e-voucher token, ID number and card number', async () => {
      for (const credential of [
        { kind: 'ectoken', value: 'ec0123456789abcdef0123456789abcd' },
        { kind: 'certno', value: '130102197003121238' },
        { kind: 'card_no', value: 'A13010001' },
      ] as const) {
        const found = await hebei().findPersonsByCredential(credential);
        expect(found.map((p) => p.psn_no)).toEqual(['13010000000000001234']);
      }
      expect(await hebei().findPersonsByCredential({ kind: 'certno', value: '110105194912310021' })).toEqual(
        [],
      );
    });

    it('finds the catalogue version valid on the day of the fee', async () => {
      const raw: Mutable = smallDataset();
      const bed = raw.catalogues['460000'].find((c: Mutable) => c.hilist_code === '001102000010000');
      bed.enddate = '2026-06-30';
      raw.catalogues['460000'].push({ ...bed, begndate: '2026-07-01', enddate: null, pric_uplmt_amt: 120 });
      await loadDataset(db, raw);
      expect((await hainan().catalogueItem('001102000010000', '2026-06-30'))?.pric_uplmt_fen).toBe(10_000);
      expect((await hainan().catalogueItem('001102000010000', '2026-07-01'))?.pric_uplmt_fen).toBe(12_000);
      expect(await hainan().catalogueItem('001102000010000', '2025-12-31')).toBeUndefined();
      expect(await hainan().catalogueItem('NO-SUCH-CODE', '2026-07-01')).toBeUndefined();
    });

    it('finds the policy of a pooling region valid on a day, with its document', async () => {
      const policy = await hebei().policyFor('130100', '310', '2026-05-12');
      expect(policy?.name).toBe('石家庄市职工基本医疗保险（演示参数）');
      expect(policy?.doc.benefits[0]?.layers[0]?.id).toBe('pool');
      expect(await hebei().policyFor('130100', '310', '2025-12-31')).toBeUndefined();
    });

    it('shows the hub which filings a person has, for treatment places', async () => {
      const filings = await new HubStore(db).filingsOf('13010000000000001234');
      expect(filings).toEqual([
        expect.objectContaining({
          trt_dcla_detl_sn: 'F130100202601050001',
          insuplc_admdvs: '130100',
          mdtrtarea_admdvs: '460000',
        }),
      ]);
    });

    it('a dataset with problems writes nothing', async () => {
      const before = [await hebei().counts(), await hainan().counts()];
      const raw: Mutable = smallDataset();
      raw.persons.push({
        ...raw.persons[0],
        psn_no: '13010000000000009999',
        certno: '130102197003121230',
        card_no: null,
        card_sn: null,
        ectoken: null,
      });
      raw.institutions.push({ ...raw.institutions[0], fixmedins_code: 'H46010800099' });
      await expect(loadDataset(db, raw)).rejects.toThrow(DatasetError);
      await expect(loadDataset(db, raw)).rejects.toMatchObject({
        problems: ['persons.json: [2].certno: wrong check digit (expected 8)'],
      });
      expect([await hebei().counts(), await hainan().counts()]).toEqual(before);
    });

    it('a write that fails half-way rolls back everything it wrote', async () => {
      const before = [await hebei().counts(), await hainan().counts()];
      const raw: Mutable = smallDataset();
      raw.institutions.push({ ...raw.institutions[0], fixmedins_code: 'H46010800077' });
      const result = validateDataset(raw);
      if (!result.ok) throw new Error(result.problems.join('\n'));
      // A negative balance breaks a CHECK constraint at the persons, after institutions and catalogue went in.
      const [first, ...others] = result.dataset.persons;
      const broken = { ...result.dataset, persons: [...others, { ...first!, acct_balc_fen: -1 }] };
      await expect(writeDataset(db, broken)).rejects.toThrow();
      expect([await hebei().counts(), await hainan().counts()]).toEqual(before);
    });
  });
}
