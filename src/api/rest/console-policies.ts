// 经办机构 政策: the node's pooling regions' benefit policies (参保地待遇) — versions, one document, and a policy file
// checked as `yidi load` checks it, then put into effect in place of the region's versions for the insurance type.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { labelOf } from '../../core/dictionaries.ts';
import { placeName } from '../../core/place-name.ts';
import { isPoolingRegion } from '../../core/regions.ts';
import { chinaDateOf } from '../../core/time.ts';
import {
  checkPolicyUpload,
  type PolicyFileCheck,
  policyScopeRefusal,
  replacePolicyFile,
} from '../../node/policy-files.ts';
import { ConsoleReferenceStore, type PolicyVersion } from '../../store/console-reference-store.ts';
import { Admdvs6, blankMeansNone, ChinaDate, CONSOLE_ERRORS, Nullable } from './console-params.ts';
import type { RestContext } from './context.ts';
import { badRequest, forbidden, notFound, PROBLEM_SCHEMA } from './problem.ts';
import { poolingScopeOf, requireStaff, type StaffCaller } from './sessions.ts';

const tags = ['console'];
const Insutype = Type.String({ pattern: '^\\d{3}$', description: '险种类型' });
const FileParams = Type.Object({ admdvs: Admdvs6('统筹区'), insutype: Insutype });
const VersionParams = Type.Object({
  admdvs: Admdvs6('统筹区'),
  insutype: Insutype,
  begndate: ChinaDate('版本开始日期'),
});
const PolicyFileBody = Type.Unknown({
  description:
    '政策文件 policies/<admdvs>-<insutype>.json 的内容：一个版本的对象，或多个版本的数组（shared/spec/dataset.md）',
});

const VersionFields = {
  admdvs: Type.String(),
  admdvs_name: Type.String(),
  insutype: Type.String(),
  insutype_name: Type.String(),
  name: Type.String(),
  begndate: Type.String(),
  enddate: Nullable(Type.String()),
  loaded_at: Type.String({ description: '写入时间' }),
  valid_today: Type.Boolean({ description: '今天有效的版本' }),
  document: Type.String({ description: '政策文件内容的地址' }),
};
const FileVersion = Type.Object({
  name: Type.String(),
  begndate: Type.String(),
  enddate: Nullable(Type.String()),
});
const CheckFields = {
  ok: Type.Boolean(),
  file: Type.String({ description: '按加载器的命名：policies/<admdvs>-<insutype>.json' }),
  admdvs: Nullable(Type.String()),
  insutype: Nullable(Type.String()),
  problems: Type.Array(Type.String(), {
    description: '每一处问题，措辞与 yidi load 相同：文件: JSON路径: 原因',
  }),
  versions: Type.Array(FileVersion),
};
/** A refused upload: problem+json with every problem line. */
const POLICY_PROBLEM = {
  ...PROBLEM_SCHEMA,
  properties: {
    ...PROBLEM_SCHEMA.properties,
    file: { type: 'string' },
    problems: { type: 'array', items: { type: 'string' } },
  },
} as const;

interface VersionQuery {
  admdvs?: string;
  insutype?: string;
}

function versionItem(v: PolicyVersion, today: string) {
  return {
    admdvs: v.admdvs,
    admdvs_name: placeName(v.admdvs),
    insutype: v.insutype,
    insutype_name: labelOf('insutype', v.insutype) ?? v.insutype,
    name: v.name,
    begndate: v.begndate,
    enddate: v.enddate,
    loaded_at: new Date(v.loaded_at).toISOString(),
    valid_today: v.begndate <= today && (v.enddate === null || v.enddate >= today),
    document: `/api/console/policies/${v.admdvs}/${v.insutype}/${v.begndate}`,
  };
}

/** A pooling region the clerk may read and change the policies of; 400 for a code that is not one, else 403. */
function checkRegion(caller: StaffCaller, admdvs: string, field: string): void {
  if (!isPoolingRegion(admdvs))
    throw badRequest(field, `${admdvs}不是统筹区代码（地市，或北京、天津、上海、重庆）`);
  const refusal = policyScopeRefusal(admdvs, caller.node.province, caller.account.scope_admdvs);
  if (refusal) throw forbidden(refusal);
}

function refuseFile(reply: FastifyReply, checked: PolicyFileCheck): FastifyReply {
  return reply
    .code(422)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: 'policy-invalid',
      status: 422,
      code: 'policy-invalid',
      detail: `body：${checked.file}有${checked.problems.length}处问题，未生效`,
      field: 'body',
      file: checked.file,
      problems: checked.problems,
    });
}

export function registerConsolePolicies(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;
  const storeOf = (caller: StaffCaller) => new ConsoleReferenceStore(platform.db, caller.node.province);

  app.get<{ Querystring: VersionQuery }>(
    '/api/console/policies',
    {
      schema: {
        tags,
        summary: '政策查询：本省（或本账号统筹区）各统筹区、各险种的待遇政策版本',
        querystring: Type.Object(
          { admdvs: Type.Optional(Admdvs6('统筹区')), insutype: Type.Optional(Insutype) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Object(VersionFields)) }), ...CONSOLE_ERRORS },
      },
      preValidation: blankMeansNone,
    },
    async (request) => {
      const now = context.now();
      const caller = await requireStaff(request, platform, now, 'policy_admin');
      const { admdvs, insutype } = request.query;
      if (admdvs) checkRegion(caller, admdvs, 'querystring.admdvs');
      const region = admdvs ?? poolingScopeOf(caller);
      const versions = await storeOf(caller).policyVersions({
        ...(region ? { admdvs: region } : {}),
        ...(insutype ? { insutype } : {}),
      });
      const today = chinaDateOf(now.getTime());
      return { items: versions.map((v) => versionItem(v, today)) };
    },
  );

  app.get<{ Params: Static<typeof VersionParams> }>(
    '/api/console/policies/:admdvs/:insutype/:begndate',
    {
      schema: {
        tags,
        summary: '政策文件：一个版本的内容（与政策文件的写法相同：金额为元，比例为小数）',
        params: VersionParams,
        response: {
          200: Type.Object({ ...VersionFields, doc: Type.Unknown({ description: '政策文件中的该版本' }) }),
          ...CONSOLE_ERRORS,
        },
      },
    },
    async (request) => {
      const now = context.now();
      const caller = await requireStaff(request, platform, now, 'policy_admin');
      const { admdvs, insutype, begndate } = request.params;
      checkRegion(caller, admdvs, 'params.admdvs');
      const found = await storeOf(caller).policy(admdvs, insutype, begndate);
      if (!found) throw notFound(`统筹区${admdvs}险种${insutype}没有自${begndate}起的政策版本`);
      return { ...versionItem(found, chinaDateOf(now.getTime())), doc: found.doc };
    },
  );

  app.post<{ Body: unknown }>(
    '/api/console/policies/validate',
    {
      schema: {
        tags,
        summary: '政策文件校验：按数据集加载的校验规则检查，列出每一处问题（不写入）',
        body: PolicyFileBody,
        response: {
          200: Type.Object({
            ...CheckFields,
            scope: Type.Object(
              { allowed: Type.Boolean(), detail: Nullable(Type.String()) },
              { description: '本账号能否使该文件生效（PUT）' },
            ),
          }),
          ...CONSOLE_ERRORS,
        },
      },
    },
    async (request) => {
      const caller = await requireStaff(request, platform, context.now(), 'policy_admin');
      const checked = checkPolicyUpload(request.body);
      const refusal = checked.admdvs
        ? isPoolingRegion(checked.admdvs)
          ? policyScopeRefusal(checked.admdvs, caller.node.province, caller.account.scope_admdvs)
          : `${checked.admdvs}不是统筹区代码`
        : '文件未写明统筹区（admdvs）和险种（insutype）';
      return { ...checked, scope: { allowed: refusal === null, detail: refusal } };
    },
  );

  app.put<{ Params: Static<typeof FileParams>; Body: unknown }>(
    '/api/console/policies/:admdvs/:insutype',
    {
      schema: {
        tags,
        summary:
          '政策文件生效：校验无误后，以该文件替换统筹区该险种的全部版本（同数据集加载）；有问题则422并列出问题、不写入',
        params: FileParams,
        body: PolicyFileBody,
        response: {
          200: Type.Object({
            ...CheckFields,
            replaced: Type.Array(FileVersion, { description: '被替换的原有版本' }),
            detail: Type.String(),
          }),
          ...CONSOLE_ERRORS,
          422: POLICY_PROBLEM,
        },
      },
    },
    async (request, reply) => {
      const caller = await requireStaff(request, platform, context.now(), 'policy_admin');
      const { admdvs, insutype } = request.params;
      checkRegion(caller, admdvs, 'params.admdvs');
      const before = await storeOf(caller).policyVersions({ admdvs, insutype });
      const checked = await replacePolicyFile(platform.db, admdvs, insutype, request.body);
      if (!checked.ok) return refuseFile(reply, checked);
      // The node that owns the region's schema serves this console: its policy cache forgets the old versions now.
      caller.node.store.forgetPolicies(admdvs, insutype);
      return {
        ...checked,
        replaced: before.map(({ name, begndate, enddate }) => ({ name, begndate, enddate })),
        detail: `${checked.file}已生效（${checked.versions.length}个版本，替换原有${before.length}个），此后的结算按新版本计算`,
      };
    },
  );
}
