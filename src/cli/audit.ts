// `yidi audit verify`: walks each node's (and the hub's) audit trail and names the first entry that was altered or
// deleted; exit 1 when one was (docs/SECURITY.md). It reads only: nothing is migrated or written.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { PROVINCES } from '../core/regions.ts';
import { auditTrailSchemas, type ChainReport, verifyAuditTrails } from '../store/audit-trail-store.ts';
import { isNewEmbeddedDatabase, openDatabase } from '../store/open.ts';
import { HUB_SCHEMA, nodeSchema } from '../store/schemas.ts';
import { DEFAULT_DATA_DIR, databaseConfig } from './options.ts';

interface VerifyOptions {
  province?: string;
  database?: string;
  dataDir: string;
}

/** A province code (XX0000) or `hub`. */
function chainOption(text: string): string {
  if (text === 'hub' || PROVINCES.some((p) => p.admdvs === text)) return text;
  throw new InvalidArgumentError('must be a province code (e.g. 130000) or "hub"');
}

/** One line per chain: intact, or the first problem with its seq. */
export function reportLine(report: ChainReport): string {
  if (!report.problem)
    return `${report.schema}: intact, ${report.entries} entries (head seq ${report.head.seq})`;
  const what = { tampered: 'TAMPERED', gap: 'DELETED', truncated: 'DELETED' }[report.problem.kind];
  return `${report.schema}: ${what} at seq ${report.problem.seq} — ${report.problem.detail} (${report.entries} entries verified before it)`;
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the audit trail (审计日志) of the nodes and the hub');
  audit
    .command('verify')
    .description('verify every hash chain: exit 1 naming the first altered or deleted entry')
    .option('--province <code>', 'only this node (XX0000) or "hub"', chainOption)
    .option('--database <url>', 'a PostgreSQL server (postgres://…); DATABASE_URL also works')
    .option('--data-dir <dir>', 'folder of the embedded database', DEFAULT_DATA_DIR)
    .action(async (options: VerifyOptions) => {
      const config = options.database
        ? { databaseUrl: options.database }
        : databaseConfig({ dataDir: options.dataDir });
      if (isNewEmbeddedDatabase(config)) {
        process.stderr.write(`no database at ${config.dataDir}: nothing to verify\n`);
        process.exitCode = 2;
        return;
      }
      const db = await openDatabase(config);
      try {
        const present = await auditTrailSchemas(db);
        const wanted = options.province
          ? [options.province === 'hub' ? HUB_SCHEMA : nodeSchema(options.province)]
          : present;
        const missing = wanted.filter((schema) => !present.includes(schema));
        if (missing.length > 0) {
          process.stderr.write(`no audit trail in ${missing.join(', ')} (migration 020/007 not applied)\n`);
          process.exitCode = 2;
          return;
        }
        const reports = await verifyAuditTrails(db, wanted);
        for (const report of reports) process.stdout.write(`${reportLine(report)}\n`);
        const broken = reports.filter((r) => r.problem).length;
        process.stdout.write(
          broken === 0
            ? `all ${reports.length} chains intact\n`
            : `${broken} of ${reports.length} chains broken\n`,
        );
        if (broken > 0) process.exitCode = 1;
      } finally {
        await db.close();
      }
    });
}
