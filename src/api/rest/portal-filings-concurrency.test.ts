// The filing desk where it meets concurrency and a real server: two submissions at once make one filing, on PGlite
// and on PostgreSQL (real parallel connections), and the whole way to the treatment node works on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  application,
  LIUYANG,
  PDF,
  type PortalWorld,
  STAFF,
  startPortalWorld,
  WANGFANG,
} from '../../../test/support/portal-world.ts';
import { createTestDatabase, postgresAvailable } from '../../../test/support/services.ts';

function describeDesk(
  name: string,
  database: () => Promise<{ databaseUrl?: string; drop?: () => Promise<void> }>,
) {
  describe(`the filing desk (${name})`, () => {
    let world: PortalWorld;
    let drop: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const db = await database();
      drop = db.drop;
      world = await startPortalWorld(undefined, db.databaseUrl ? { databaseUrl: db.databaseUrl } : {});
    });
    afterAll(async () => {
      await world?.close();
      await drop?.();
    });

    it('makes one filing of two identical submissions sent at once, and refuses the other as a duplicate', async () => {
      const token = await world.login(WANGFANG.certno);
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => world.call('POST', '/api/portal/filings', token, application())),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
      const rows = await world.platform.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM node_130000.filings WHERE psn_no = $1 AND status = 'approved'",
        [WANGFANG.psn_no],
      );
      expect(Number(rows[0]!.n)).toBe(1);
    });

    it('keeps materials byte for byte, reviews, and passes the approval on to the treatment node', async () => {
      const token = await world.login(LIUYANG.certno);
      const material = await world.upload(token, '居住证明.pdf', 'application/pdf', PDF);
      const filed = await world.call(
        'POST',
        '/api/portal/filings',
        token,
        application({
          dcla_type: '12',
          contact: { name: '刘洋', tel: '13900000000', addr: null },
          proof: { kind: 'materials', material_ids: [material.body.material_id] },
        }),
      );
      expect(filed.body.status).toBe('submitted');
      const back = await world.app.inject({
        url: `/api/portal/materials/${material.body.material_id}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(Buffer.from(back.rawPayload).equals(PDF)).toBe(true);

      const reviewer = await world.staffLogin(STAFF.hebei.username);
      const today = await world.call(
        'GET',
        '/api/console/filings?from=2026-05-12&to=2026-05-12&dcla_type=12',
        reviewer,
      );
      expect(today.body.items.map((f: { trt_dcla_detl_sn: string }) => f.trt_dcla_detl_sn)).toEqual([
        filed.body.trt_dcla_detl_sn,
      ]);
      const yesterday = await world.call('GET', '/api/console/filings?to=2026-05-11&dcla_type=12', reviewer);
      expect(yesterday.body.total).toBe(0);

      await world.call('POST', `/api/console/filings/${filed.body.trt_dcla_detl_sn}/review`, reviewer, {
        decision: 'approve',
      });
      const copy = await world.eventually(async () =>
        (await world.platform.nodes.get('460000')!.offsiteFilings.filingsOf(LIUYANG.psn_no)).find(
          (f) => f.trt_dcla_detl_sn === filed.body.trt_dcla_detl_sn,
        ),
      );
      expect(copy.value).toMatchObject({ status: 'approved', dcla_type: '12', version: 2 });
      expect(copy.ms).toBeLessThan(1_000);
    });
  });
}

describeDesk('PGlite', async () => ({}));

const postgres = await postgresAvailable();
describe.skipIf(!postgres)('on a PostgreSQL server', () => {
  describeDesk('PostgreSQL', async () => {
    const database = await createTestDatabase();
    return { databaseUrl: database.url, drop: database.drop };
  });
});
