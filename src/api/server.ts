// The HTTP surface (Fastify): health, and the JSON API; no business rule lives here.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Platform } from '../platform.ts';
import { registerHis } from './his/route.ts';
import { registerClearing } from './rest/clearing.ts';
import { registerClearingExport } from './rest/clearing-export.ts';
import { registerConsoleFilings } from './rest/console-filings.ts';
import { registerConsoleLogin } from './rest/console-login.ts';
import { registerConsoleReference } from './rest/console-reference.ts';
import type { RestContext } from './rest/context.ts';
import { registerHealth } from './rest/health.ts';
import { registerIndex } from './rest/index.ts';
import { registerOpenApi } from './rest/openapi.ts';
import { registerPortalEvoucher } from './rest/portal-evoucher.ts';
import { registerPortalFilings } from './rest/portal-filings.ts';
import { registerPortalLogin } from './rest/portal-login.ts';
import { registerPortalRecords } from './rest/portal-records.ts';
import { registerPrepaidFunds } from './rest/prepaid-funds.ts';
import { registerProblems } from './rest/problem.ts';
import { registerPublicQueries } from './rest/public-queries.ts';
import { registerPublicStats } from './rest/public-stats.ts';
import { registerSettlementSlip } from './rest/settlement-slip.ts';
import { registerWebUi } from './rest/web-ui.ts';
import { registerWorld } from './rest/world.ts';

export interface ServerOptions {
  /** Pino options; false silences the log (tests). */
  readonly logger?: boolean | { readonly level: string };
  /** The clock the edge reads once per message (tests fix it to replay the worked examples' times). */
  readonly clock?: () => Date;
  /** Show one-time login codes in the answer (the demo world has no SMS gateway). */
  readonly showLoginCodes?: boolean;
}

export async function buildServer(platform: Platform, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: 'info' },
    // Requests in flight get this long to finish when the process is asked to stop.
    forceCloseConnections: 'idle',
    // A field the schema does not know is refused by name, not silently dropped (Fastify's default drops it).
    ajv: { customOptions: { removeAdditional: false } },
  });
  await app.register(cookie);
  await registerOpenApi(app);
  const rest: RestContext = {
    platform,
    now: options.clock ?? (() => new Date()),
    showLoginCodes: options.showLoginCodes ?? false,
  };
  registerIndex(app);
  await registerWebUi(app);
  registerHealth(app, platform);
  registerHis(app, platform, options.clock);
  registerWorld(app, platform);
  registerSettlementSlip(app, platform);
  // The JSON API in its own context, so that its errors are problem+json and the HIS edge keeps its envelope.
  await app.register(async (api) => {
    registerProblems(api);
    registerPortalLogin(api, rest);
    registerConsoleLogin(api, rest);
    registerPortalRecords(api, rest);
    registerPublicQueries(api, rest);
    registerPublicStats(api, rest);
    registerPortalFilings(api, rest);
    registerConsoleFilings(api, rest);
    registerConsoleReference(api, rest);
    registerPortalEvoucher(api, rest);
    registerPrepaidFunds(api, rest);
    registerClearing(api, rest);
    registerClearingExport(api, rest);
  });
  await app.ready();
  return app;
}
