// GET /settlements/{setl_id}/slip: the printable 结算单 of a settlement or of its cancel record.
import type { FastifyInstance } from 'fastify';
import type { NodesPlatform } from '../../platform.ts';
import { renderSlip } from './slip-html.ts';

/** setl_id is the treatment province's two digits and a serial (TreatmentStore.nextId). */
const SETL_ID = /^\d{2}\d{10}$/;

export function registerSettlementSlip(app: FastifyInstance, platform: NodesPlatform): void {
  app.get<{ Params: { setl_id: string } }>('/settlements/:setl_id/slip', async (request, reply) => {
    const setlId = request.params.setl_id;
    const node = SETL_ID.test(setlId) ? platform.nodes.get(`${setlId.slice(0, 2)}0000`) : undefined;
    const settlement = node ? await node.treatment.store.settlement(setlId) : undefined;
    if (!node || !settlement) {
      return reply
        .code(404)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: '结算单不存在',
          status: 404,
          detail: `没有结算ID为${setlId}的结算`,
        });
    }
    const store = node.treatment.store;
    const visit = (await store.visit(settlement.mdtrt_id))!;
    const institution = await node.store.institution(settlement.fixmedins_code);
    const original = settlement.refd_setl_flag === '1' ? settlement.init_setl_id : settlement.setl_id;
    const counterpartId =
      settlement.refd_setl_flag === '1' ? settlement.init_setl_id : settlement.cancelled_by;
    const html = renderSlip({
      settlement,
      visit,
      institutionName: institution?.fixmedins_name ?? settlement.fixmedins_code,
      // The lines a settlement covered; once it is cancelled they are free again and no longer carry its id.
      lines: original ? await store.feeLines(settlement.mdtrt_id, { setl_id: original }) : [],
      counterpart: counterpartId ? await store.settlement(counterpartId) : undefined,
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
