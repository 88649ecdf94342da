// POST /fsi/api/rsfComIfsService/callService: one endpoint, dispatched on infno, for every node of this process.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { provinceOf } from '../../core/regions.ts';
import { signedContent } from '../../core/signing/canonical.ts';
import { publicKeyPem } from '../../core/signing/keys.ts';
import { Refusal } from '../../node/refusal.ts';
import type { NodesPlatform } from '../../platform.ts';
import { HisStore } from '../../store/his-store.ts';
import { institutionKeyStore } from '../../store/institution-key-store.ts';
import { personInfo } from './1101-person-info.ts';
import { institutionInfo } from './1201-institution-info.ts';
import { catalogueInfo } from './1312-catalogue-query.ts';
import { priceCapInfo } from './1318-price-cap-query.ts';
import { selfpayRatioInfo } from './1319-selfpay-ratio-query.ts';
import { dictionary } from './1901-dictionary.ts';
import { registration } from './2201-registration.ts';
import { registrationCancel } from './2202-registration-cancel.ts';
import { visitInfo } from './2203-visit-info.ts';
import { outpatientFees } from './2204-outpatient-fees.ts';
import { outpatientFeesCancel } from './2205-outpatient-fees-cancel.ts';
import { outpatientPresettle } from './2206-outpatient-presettle.ts';
import { outpatientSettle } from './2207-outpatient-settle.ts';
import { outpatientSettleCancel } from './2208-outpatient-settle-cancel.ts';
import { inpatientFees } from './2301-inpatient-fees.ts';
import { inpatientFeesCancel } from './2302-inpatient-fees-cancel.ts';
import { inpatientPresettle } from './2303-inpatient-presettle.ts';
import { inpatientSettle } from './2304-inpatient-settle.ts';
import { inpatientSettleCancel } from './2305-inpatient-settle-cancel.ts';
import { admission } from './2401-admission.ts';
import { discharge } from './2402-discharge.ts';
import { admissionChange } from './2403-admission-change.ts';
import { admissionCancel } from './2404-admission-cancel.ts';
import { dischargeCancel } from './2405-discharge-cancel.ts';
import { referralFiling } from './2501-referral-filing.ts';
import { referralFilingCancel } from './2502-referral-filing-cancel.ts';
import { chronicFiling } from './2503-chronic-filing.ts';
import { chronicFilingCancel } from './2504-chronic-filing-cancel.ts';
import { reversal } from './2601-reversal.ts';
import { totalReconciliation } from './3201-total-reconciliation.ts';
import { detailReconciliation } from './3202-detail-reconciliation.ts';
import { settlementQuery } from './5203-settlement-query.ts';
import { feeQuery } from './5204-fee-query.ts';
import { accumulatorQuery } from './5206-accumulator-query.ts';
import { chronicFilingQuery } from './5301-chronic-filing-query.ts';
import { referralQuery } from './5304-referral-query.ts';
import { signIn } from './9001-sign-in.ts';
import { signOut } from './9002-sign-out.ts';
import { fileUpload, HIS_BODY_LIMIT_BYTES } from './9101-file-upload.ts';
import { fileDownload } from './9102-file-download.ts';
import {
  HisError,
  type HisRequest,
  type HisResponse,
  inputError,
  parseEnvelope,
  refMessageId,
  stampOf,
} from './envelope.ts';
import { checkSignature, type HisSigningOptions, nodeSigningKey, signResponse } from './signature.ts';
import type { HisTransaction } from './transaction.ts';

export const HIS_PATH = '/fsi/api/rsfComIfsService/callService';
/** Where the node publishes the public key its answers verify with. */
export const SIGNING_KEY_PATH = '/api/public/signing-key';
const TRANSACTIONS = new Map<string, HisTransaction>(
  [
    personInfo,
    institutionInfo,
    catalogueInfo,
    priceCapInfo,
    selfpayRatioInfo,
    dictionary,
    registration,
    registrationCancel,
    visitInfo,
    outpatientFees,
    outpatientFeesCancel,
    outpatientPresettle,
    outpatientSettle,
    outpatientSettleCancel,
    inpatientFees,
    inpatientFeesCancel,
    inpatientPresettle,
    inpatientSettle,
    inpatientSettleCancel,
    admission,
    discharge,
    admissionChange,
    admissionCancel,
    dischargeCancel,
    referralFiling,
    referralFilingCancel,
    chronicFiling,
    chronicFilingCancel,
    reversal,
    totalReconciliation,
    detailReconciliation,
    settlementQuery,
    feeQuery,
    accumulatorQuery,
    chronicFilingQuery,
    referralQuery,
    signIn,
    signOut,
    fileUpload,
    fileDownload,
  ].map((t) => [t.infno, t]),
);

/** What the observer learns while a message is handled. */
interface Seen {
  infno?: string;
  replayed?: boolean;
}

/** Envelope fields a refusal may name as they are; every other field lives under the transaction's input. */
const ENVELOPE_FIELDS = new Set(['insuplc_admdvs', 'mdtrtarea_admvs', 'fixmedins_code', 'msgid', 'sign_no']);

/** A service's refusal as the HIS reads it: `input.data.medfee_sumamt：…`. */
function hisErrorOf(refusal: Refusal, inputPath = 'input.data'): HisError {
  if (refusal.field === null) return new HisError(refusal.reason, refusal.retryable);
  const field = ENVELOPE_FIELDS.has(refusal.field) ? refusal.field : `${inputPath}.${refusal.field}`;
  return new HisError(`${field}：${refusal.reason}`, refusal.retryable);
}

/** How one message ended: answered (infcode 0), refused with an err_msg (infcode -1), or failed (HTTP 5xx). */
export type HisOutcome = 'ok' | 'refused' | 'error';

export interface HisAnswerSeen {
  /** The transaction's infno; `unknown` when the envelope did not parse or names no transaction we serve. */
  readonly infno: string;
  readonly outcome: HisOutcome;
  readonly seconds: number;
  /** The stored first answer to a retried msgid: the transaction did not run again. */
  readonly replayed: boolean;
}

/** Sees every answer of the edge (metrics); it must not throw. */
export type HisObserver = (answer: HisAnswerSeen) => void;

const UNKNOWN_INFNO = 'unknown';

export function registerHis(
  app: FastifyInstance,
  platform: NodesPlatform,
  clock = () => new Date(),
  observer?: HisObserver,
  signing: HisSigningOptions = {},
): void {
  const stores = new Map([...platform.nodes.keys()].map((p) => [p, new HisStore(platform.db, p)]));
  // Answers are signed with the node's SM2 key; a HIS verifies them with the key published here.
  const nodeKey = signing.nodeKey ?? nodeSigningKey();
  const nodePublicKey = publicKeyPem(nodeKey);
  app.get(SIGNING_KEY_PATH, async () => ({
    signtype: 'SM2',
    sign_pubkey: nodePublicKey,
    canonical_form: '应答报文去掉cainfo后按键名递归排序、无空白的JSON（UTF-8），SM2（SM3摘要）签名，base64',
  }));

  const envelope = (
    region: string,
    receivedMs: number,
    outcome: { output: unknown } | { err_msg: string },
  ): HisResponse =>
    signResponse(
      {
        infcode: 'output' in outcome ? 0 : -1,
        inf_refmsgid: refMessageId(region, receivedMs),
        refmsg_time: stampOf(receivedMs),
        respond_time: stampOf(Date.now()),
        err_msg: 'err_msg' in outcome ? outcome.err_msg : null,
        output: 'output' in outcome ? outcome.output : null,
      },
      nodeKey,
    );

  // Unparseable JSON is HTTP 400 with the same envelope (his.md).
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (request.url === HIS_PATH && (status === 400 || status === 413)) {
      observer?.({
        infno: UNKNOWN_INFNO,
        outcome: 'refused',
        seconds: reply.elapsedTime / 1000,
        replayed: false,
      });
      // A body over the limit is refused unread (HTTP 413), with the same envelope.
      return reply.code(status).send(
        envelope('000000', Date.now(), {
          err_msg:
            status === 413
              ? `请求报文：超过${HIS_BODY_LIMIT_BYTES}字节的上限`
              : `请求报文不是合法的JSON（${(error as Error).message}）`,
        }),
      );
    }
    return reply.send(error);
  });

  // A 9101 upload carries its file in the body: the limit is the file's, not Fastify's default 1 MiB.
  app.post(HIS_PATH, { bodyLimit: HIS_BODY_LIMIT_BYTES }, async (req) => {
    if (!observer) return handle(req.body, {});
    const startedMs = performance.now();
    const seen: Seen = {};
    const report = (outcome: HisOutcome) =>
      observer({
        infno: seen.infno ?? UNKNOWN_INFNO,
        outcome,
        seconds: (performance.now() - startedMs) / 1000,
        replayed: seen.replayed ?? false,
      });
    try {
      const response = await handle(req.body, seen);
      report(response.infcode === 0 ? 'ok' : 'refused');
      return response;
    } catch (error) {
      report('error');
      throw error;
    }
  });

  /** One message to its answer; `seen` learns the infno once parsed and whether the answer is a stored one. */
  const handle = async (body: unknown, seen: Seen): Promise<HisResponse> => {
    const received = clock();
    let request: HisRequest;
    try {
      request = parseEnvelope(body);
    } catch (error) {
      if (error instanceof HisError)
        return envelope('000000', received.getTime(), { err_msg: error.message });
      throw error;
    }
    // Only infnos we serve become a label value: a HIS sending garbage must not grow the metrics without bound.
    if (TRANSACTIONS.has(request.infno)) seen.infno = request.infno;
    const province = provinceOf(request.mdtrtarea_admvs);
    const node = platform.nodes.get(province);
    const his = stores.get(province);
    if (!node || !his)
      return envelope(request.mdtrtarea_admvs, received.getTime(), {
        err_msg: 'mdtrtarea_admvs：本平台不服务该医保区划',
      });
    const answer = (outcome: { output: unknown } | { err_msg: string }) =>
      envelope(request.mdtrtarea_admvs, received.getTime(), outcome);
    const institution = await node.store.institution(request.fixmedins_code);
    if (!institution) {
      return answer({ err_msg: `fixmedins_code：${request.fixmedins_code}不是本统筹地区的联网定点医药机构` });
    }
    // The signature before anything is written: a message that fails it changes nothing and is not stored.
    const keys = await institutionKeyStore(platform.db, province).keysOf(request.fixmedins_code);
    // The canonical form once: the signature covers it, and the msgid's hash is taken over it and the signature.
    const content = signedContent(body as Record<string, unknown>);
    const unsigned = checkSignature(
      body as Record<string, unknown>,
      content,
      keys,
      received.getTime(),
      signing,
    );
    if (unsigned) return answer({ err_msg: unsigned.message });

    // msgid is the idempotency key: the first answer is returned again; another body under it is refused (the hash
    // covers cainfo: the same msgid under another signature is another message).
    const hash = createHash('sha256')
      .update(content)
      .update(`\n${JSON.stringify((body as Record<string, unknown>).cainfo ?? null)}`)
      .digest('hex');
    const stored = await his.findMessage(request.fixmedins_code, request.msgid);
    if (stored?.reversed)
      return answer({ err_msg: `msgid：该报文已被冲正（2601），不再处理，请使用新的msgid` });
    seen.replayed = stored !== undefined;
    if (stored)
      return stored.request_hash === hash
        ? (stored.response as HisResponse)
        : answer({ err_msg: 'msgid：该报文ID已使用，且报文内容不同' });

    let response: HisResponse;
    const transaction = TRANSACTIONS.get(request.infno);
    try {
      if (!transaction) throw inputError('infno', `不支持的交易编号${request.infno}`);
      if (
        transaction.needsSignIn &&
        !(request.sign_no && (await his.isSignedIn(request.sign_no, request.fixmedins_code)))
      ) {
        throw inputError('sign_no', '未签到或签到已失效，请先签到（9001）');
      }
      response = answer({
        output: await transaction.handle({ request, node, his, institution, platform, now: received }),
      });
    } catch (error) {
      const failure = error instanceof Refusal ? hisErrorOf(error, transaction?.inputPath) : error;
      if (!(failure instanceof HisError)) throw failure;
      // Neither a retryable failure nor a refusal before any effect is stored: the retry is read afresh.
      if (failure.retryable || failure.unreached) return answer({ err_msg: failure.message });
      response = answer({ err_msg: failure.message });
    }
    return (
      await his.saveMessage(request.fixmedins_code, request.msgid, {
        infno: request.infno,
        request_hash: hash,
        response,
      })
    ).response as HisResponse;
  };
}
