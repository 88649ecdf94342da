// PUT/DELETE /api/console/institutions/:code/signing-key: the agency registers, replaces or removes the key an
// institution signs its HIS messages with (docs/SECURITY.md). A secret goes in and never comes out.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { MAX_SECRET_LENGTH, MIN_SECRET_LENGTH, parseSm2PublicKey } from '../../core/signing/keys.ts';
import { demoSecret } from '../../demo/signing-keys.ts';
import { institutionKeyStore } from '../../store/institution-key-store.ts';
import { CONSOLE_ERRORS } from './console-params.ts';
import type { RestContext } from './context.ts';
import { badRequest, forbidden, notFound } from './problem.ts';
import { isProvinceWide, requireRole, type StaffCaller } from './sessions.ts';

const tags = ['console'];
/** Keys are the institution directory's business: the catalogue/institution admin's role. */
const ROLE = 'catalogue_admin' as const;

const Params = Type.Object({ code: Type.String({ description: '定点医药机构编号 fixmedins_code' }) });
const KeyBody = Type.Object(
  {
    sign_pubkey: Type.Optional(
      Type.String({ maxLength: 1024, description: 'SM2公钥：SPKI PEM，或其DER的base64（signtype SM2）' }),
    ),
    sign_secret: Type.Optional(
      Type.String({
        minLength: MIN_SECRET_LENGTH,
        maxLength: MAX_SECRET_LENGTH,
        description: `HMAC-SM3共享密钥，${MIN_SECRET_LENGTH}–${MAX_SECRET_LENGTH}个字符（signtype SM3）；只写入，任何接口都不返回`,
      }),
    ),
  },
  { additionalProperties: false },
);
const KeyAnswer = Type.Object({
  fixmedins_code: Type.String(),
  sm2: Type.Boolean({ description: '已登记SM2公钥' }),
  sm3: Type.Boolean({ description: '已登记HMAC-SM3密钥（密钥本身不返回）' }),
  updated_by: Type.String(),
  updated_at: Type.String(),
});

export function registerInstitutionKeys(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;

  /** The institution, if it is the caller's node's and within the caller's scope. */
  const institutionOf = async (caller: StaffCaller, code: string) => {
    const institution = await caller.node.store.institution(code);
    if (!institution) throw notFound(`${code}不是本省的联网定点医药机构`);
    if (!isProvinceWide(caller) && institution.pooling_admdvs !== caller.account.scope_admdvs)
      throw forbidden(`${code}不在${caller.account.name}的经办范围${caller.account.scope_admdvs}内`);
    return institution;
  };

  app.put<{ Params: { code: string }; Body: { sign_pubkey?: string; sign_secret?: string } }>(
    '/api/console/institutions/:code/signing-key',
    {
      schema: {
        tags,
        summary: '登记或更换机构的报文签名密钥（SM2公钥和/或HMAC-SM3密钥；未给出的一种随之删除）',
        params: Params,
        body: KeyBody,
        response: { 200: KeyAnswer, ...CONSOLE_ERRORS },
      },
    },
    async (request) => {
      const caller = await requireRole(request, platform, context.now(), ROLE);
      const { sign_pubkey, sign_secret } = request.body;
      if (sign_pubkey === undefined && sign_secret === undefined)
        throw badRequest('body.sign_pubkey', '应给出sign_pubkey（SM2公钥）或sign_secret（HMAC-SM3密钥）');
      if (sign_pubkey !== undefined && !parseSm2PublicKey(sign_pubkey))
        throw badRequest('body.sign_pubkey', '不是SM2公钥（应为SPKI PEM，或其DER的base64）');
      await institutionOf(caller, request.params.code);
      return institutionKeyStore(platform.db, caller.node.province).setKeys(
        request.params.code,
        { sign_pubkey: sign_pubkey?.trim() ?? null, sign_secret: sign_secret ?? null },
        caller.account.username,
      );
    },
  );

  app.delete<{ Params: { code: string } }>(
    '/api/console/institutions/:code/signing-key',
    {
      schema: {
        tags,
        summary: '删除机构的报文签名密钥（此后该机构的报文不签名也受理，除非平台要求签名）',
        params: Params,
        response: { 204: Type.Null(), ...CONSOLE_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = await requireRole(request, platform, context.now(), ROLE);
      await institutionOf(caller, request.params.code);
      if (!(await institutionKeyStore(platform.db, caller.node.province).removeKeys(request.params.code)))
        throw notFound(`${request.params.code}未登记签名密钥`);
      return reply.code(204).send();
    },
  );
}

/**
 * GET /api/demo/institutions/:code/signing-key, only in the demo world: the HMAC-SM3 secret of a demo institution, so
 * the demo workstation can sign. It answers only a secret that is the demo world's own (derived from the code, public
 * by construction); a secret an agency registered is never returned, here or anywhere.
 */
export function registerDemoSigningKeys(app: FastifyInstance, context: RestContext): void {
  app.get<{ Params: { code: string } }>(
    '/api/demo/institutions/:code/signing-key',
    {
      schema: {
        tags: ['demo'],
        summary: '演示环境：演示机构的HMAC-SM3密钥（仅演示数据，供医院工作站签名）',
        params: Params,
        response: {
          200: Type.Object({ signtype: Type.Literal('SM3'), sign_secret: Type.String() }),
          404: CONSOLE_ERRORS[404],
        },
      },
    },
    async (request) => {
      const code = request.params.code;
      for (const province of context.platform.nodes.keys()) {
        const { secret } = await institutionKeyStore(context.platform.db, province).keysOf(code);
        if (secret !== undefined && secret === demoSecret(code))
          return { signtype: 'SM3' as const, sign_secret: secret };
      }
      throw notFound(`${code}没有演示签名密钥`);
    },
  );
}
