// 参保人服务, the person's own records: 我的结算, 异地就医费用明细, 门诊慢特病 qualifications and their 告知书.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { chinaDateOf } from '../../core/time.ts';
import { chronicNotice, describedQualification } from '../../node/chronic-notice.ts';
import { chronicQualificationsOf, noticeFactsOf } from '../../node/chronic-qualifications.ts';
import { type RecordsOwner, settlementDetailOf, settlementsOf } from '../../node/person-records.ts';
import type { RestContext } from './context.ts';
import {
  ChronicList,
  ChronicNotice,
  ChronicRef,
  SETL_ID,
  SettlementDetail,
  SettlementList,
  SettlementQuery,
} from './portal-records-schemas.ts';
import { settlementDetail, settlementList } from './portal-records-shapes.ts';
import { notFound, PROBLEM_SCHEMA } from './problem.ts';
import { requirePerson } from './sessions.ts';

const errors = { 400: PROBLEM_SCHEMA, 401: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA };
/** The session cookie (browser) or the same token as a Bearer header. */
const security: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];

export function registerPortalRecords(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;
  /** The caller and today (UTC+8), read once per request. */
  const ownerOf = async (request: FastifyRequest): Promise<{ owner: RecordsOwner; today: string }> => {
    const now = context.now();
    const caller = await requirePerson(request, platform, now);
    return {
      owner: { psn_no: caller.psn_no, province: caller.node.province },
      today: chinaDateOf(now.getTime()),
    };
  };

  app.get<{ Querystring: { year?: number } }>(
    '/api/portal/settlements',
    {
      schema: {
        tags: ['portal'],
        summary: '我的结算：本人的结算及已撤销的结算，最新的在前（可按年度）',
        security,
        querystring: SettlementQuery,
        response: { 200: SettlementList, ...errors },
      },
    },
    async (request) => {
      const { owner } = await ownerOf(request);
      const { year } = request.query;
      return settlementList(await settlementsOf(platform, owner, year), year);
    },
  );

  app.get<{ Params: { setl_id: string } }>(
    '/api/portal/settlements/:setl_id',
    {
      schema: {
        tags: ['portal'],
        summary: '异地就医费用明细：费用明细按就医地目录的划分、各项基金支付及计算过程、金额核对',
        security,
        params: Type.Object({ setl_id: SETL_ID }),
        response: { 200: SettlementDetail, ...errors },
      },
    },
    async (request) => {
      const { owner } = await ownerOf(request);
      const detail = await settlementDetailOf(platform, owner, request.params.setl_id);
      // Somebody else's settlement reads exactly as one that does not exist: the answer must not tell it exists.
      if (!detail) throw notFound(`没有结算ID为${request.params.setl_id}的本人结算记录`);
      return settlementDetail(detail);
    },
  );

  app.get(
    '/api/portal/chronic',
    {
      schema: {
        tags: ['portal'],
        summary: '我的门诊慢特病资格：参保地认定与医院备案，含有效期与状态',
        security,
        response: { 200: ChronicList, 401: PROBLEM_SCHEMA },
      },
    },
    async (request) => {
      const { owner, today } = await ownerOf(request);
      const { qualifications } = await chronicQualificationsOf(platform, owner, today);
      return {
        qualifications: qualifications.map((q) => ({
          ...describedQualification(q),
          notice: `/api/portal/chronic/${q.id}/notice`,
        })),
      };
    },
  );

  app.get<{ Params: { ref: string } }>(
    '/api/portal/chronic/:ref/notice',
    {
      schema: {
        tags: ['portal'],
        summary: '门诊慢特病告知书：资格、有效期、可直接结算的地方与机构、就医时携带的材料，并附全文',
        security,
        params: Type.Object({ ref: ChronicRef }),
        response: { 200: ChronicNotice, ...errors },
      },
    },
    async (request) => {
      const { owner, today } = await ownerOf(request);
      const facts = await noticeFactsOf(platform, owner, request.params.ref, today);
      if (!facts) throw notFound(`没有序号或备案流水号为${request.params.ref}的本人门诊慢特病资格`);
      return chronicNotice(facts);
    },
  );
}
