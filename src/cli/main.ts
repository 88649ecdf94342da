// The `yidi` command line: one file per command, all listed by `yidi --help`.
import { Command } from 'commander';
import { registerAudit } from './audit.ts';
import { registerCalc } from './calc.ts';
import { registerClear } from './clear.ts';
import { registerCluster } from './cluster.ts';
import { registerDemoData } from './demo-data.ts';
import { registerLoad } from './load.ts';
import { registerSimulate } from './simulate.ts';
import { registerStart } from './start.ts';

const program = new Command('yidi')
  .description('Yidi — 跨省异地就医直接结算: cross-province direct settlement of medical expenses')
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nEnvironment: DATABASE_URL=postgres://… uses a PostgreSQL server instead of the embedded database.',
  );

registerStart(program);
registerLoad(program);
registerDemoData(program);
registerCalc(program);
registerSimulate(program);
registerClear(program);
registerCluster(program);
registerAudit(program);

await program.parseAsync(process.argv);
