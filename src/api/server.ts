// The HTTP surface (Fastify): health, and the JSON API; no business rule lives here.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { NationalHub } from '../hub/national-hub.ts';
import { nodeSubject } from '../node/subjects.ts';
import type { NodesPlatform, Platform } from '../platform.ts';
import { registerHis } from './his/route.ts';
import type { HisSigningOptions } from './his/signature.ts';
import { createMetrics, type Metrics, outboxBacklogOf } from './metrics.ts';
import { registerAuditTrail } from './rest/audit-trail.ts';
import { registerAuditTrailHook } from './rest/audit-trail-hook.ts';
import { registerClearing } from './rest/clearing.ts';
import { registerClearingExport } from './rest/clearing-export.ts';
import { registerConsoleAudit } from './rest/console-audit.ts';
import { registerConsoleCrossChecks } from './rest/console-cross-checks.ts';
import { registerConsoleFilings } from './rest/console-filings.ts';
import { registerConsoleLogin } from './rest/console-login.ts';
import { registerConsoleMonitoring } from './rest/console-monitoring.ts';
import { registerConsoleReference } from './rest/console-reference.ts';
import type { HubRestContext, RestContext } from './rest/context.ts';
import { registerCsrf } from './rest/csrf.ts';
import { registerHealth, registerNodeHealth } from './rest/health.ts';
import { registerIndex } from './rest/index.ts';
import { registerDemoSigningKeys, registerInstitutionKeys } from './rest/institution-keys.ts';
import { maskedLogger } from './rest/log-masking.ts';
import { answersOnBus, registerMetrics, registerReadiness } from './rest/metrics.ts';
import { registerOpenApi } from './rest/openapi.ts';
import { registerOrphanReversals } from './rest/orphan-reversals.ts';
import { registerPortalEvoucher } from './rest/portal-evoucher.ts';
import { registerPortalFilings } from './rest/portal-filings.ts';
import { registerPortalLogin } from './rest/portal-login.ts';
import { registerPortalRecords } from './rest/portal-records.ts';
import { registerPrepaidFunds } from './rest/prepaid-funds.ts';
import { registerProblems } from './rest/problem.ts';
import { registerPublicQueries } from './rest/public-queries.ts';
import { registerPublicStats } from './rest/public-stats.ts';
import { type RateLimits, rateLimitsFromEnv, registerRateLimits } from './rest/rate-limits.ts';
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
  /** This process's metrics: the one its bus was wrapped with (measuredBus(bus, metrics)); a fresh one by default. */
  readonly metrics?: Metrics;
  /** Whether the bus is connected (cluster: the NATS connection's state); default always. */
  readonly busReady?: () => boolean | Promise<boolean>;
  /** HIS message signatures: required of every institution or only keyed ones, the time window, the node's key. */
  readonly signing?: HisSigningOptions;
  /** The demo world is loaded: its institutions' demo secrets are served to the workstation (docs/SECURITY.md). */
  readonly demoSigningKeys?: boolean;
  /** Request rates per institution (HIS) and per user (JSON API); from YIDI_*_RATE_LIMIT by default. */
  readonly rateLimits?: RateLimits;
  /** Serve HTTPS directly (`--tls-cert/--tls-key`): PEM certificate chain and private key (docs/SECURITY.md). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Behind a TLS-terminating proxy (`--trust-proxy`): X-Forwarded-Proto/-For/-Host are believed (Secure cookies, client IP). */
  readonly trustProxy?: boolean;
}

/**
 * The server of a process. The embedded platform (and the hub process, which serves no province) has the whole
 * surface; a node process in cluster mode serves its hospitals' HIS interface and slips, its insured persons'
 * portal, its agency's console and its health — the national pages are the hub process's.
 */
export async function buildServer(
  platform: NodesPlatform,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    // ID numbers, names and session secrets never reach the log (docs/SECURITY.md).
    logger: maskedLogger(options.logger ?? { level: 'info' }),
    // Requests in flight get this long to finish when the process is asked to stop.
    forceCloseConnections: 'idle',
    // A field the schema does not know is refused by name, not silently dropped (Fastify's default drops it).
    ajv: { customOptions: { removeAdditional: false } },
    trustProxy: options.trustProxy ?? false,
    // HTTPS: the instance has the same API over an https.Server (the http typing is kept for the callers).
    ...((options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}) as object),
  });
  await app.register(cookie);
  // The audit trail sees every route's answer, the HIS edge's and the JSON API's (docs/SECURITY.md).
  registerAuditTrailHook(app, platform, options.clock);
  await registerRateLimits(app, options.rateLimits ?? rateLimitsFromEnv());
  await registerOpenApi(app);
  const metrics = options.metrics ?? createMetrics();
  metrics.observeOutbox(outboxBacklogOf(platform.db, platform.nodes.keys()));
  registerMetrics(app, metrics);
  registerReadiness(app, {
    db: platform.db,
    busReady: options.busReady ?? (() => platform.bus.connected()),
    components: Object.fromEntries(
      [...platform.nodes.keys()].map((p) => [
        `node-${p}`,
        answersOnBus(platform.bus, nodeSubject(p, 'health')),
      ]),
    ),
  });
  registerHis(app, platform, options.clock, metrics.observeHis, options.signing);
  registerSettlementSlip(app, platform);
  registerIndex(app);
  await registerWebUi(app);
  // The national level's own pages (routing table, statistics, directory, clearing, 预付金) where the hub runs.
  const hub = hasHub(platform) ? platform : undefined;
  if (hub) {
    registerHealth(app, hub);
    registerWorld(app, hub);
  } else registerNodeHealth(app, platform);
  const rest: RestContext = {
    platform,
    now: options.clock ?? (() => new Date()),
    showLoginCodes: options.showLoginCodes ?? false,
  };
  // The JSON API in its own context, so that its errors are problem+json and the HIS edge keeps its envelope.
  await app.register(async (api) => {
    registerProblems(api);
    registerCsrf(api); // before the routes: state-changing calls with the session cookie (docs/SECURITY.md)
    // A node's own services: its insured persons' portal and its agency's console.
    registerPortalLogin(api, rest);
    registerConsoleLogin(api, rest);
    registerPortalRecords(api, rest);
    registerPortalFilings(api, rest);
    registerConsoleFilings(api, rest);
    registerConsoleReference(api, rest);
    registerPortalEvoucher(api, rest);
    registerOrphanReversals(api, rest);
    registerConsoleAudit(api, rest);
    registerConsoleCrossChecks(api, rest);
    registerConsoleMonitoring(api, rest);
    registerAuditTrail(api, rest);
    registerInstitutionKeys(api, rest);
    if (options.demoSigningKeys) registerDemoSigningKeys(api, rest);
    if (!hub) return;
    const national: HubRestContext = { ...rest, platform: hub };
    registerPublicQueries(api, national);
    registerPublicStats(api, national);
    registerPrepaidFunds(api, national);
    registerClearing(api, national);
    registerClearingExport(api, national);
  });
  await app.ready();
  return app;
}

const hasHub = (platform: NodesPlatform): platform is Platform => platform.hub instanceof NationalHub;
