// `yidi calc <case.json>` / `yidi calc -`: one settlement offline, as shared/spec/calc.md says.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { calculate } from '../core/calc/calc.ts';
import { failWithProblems } from './options.ts';

export function registerCalc(program: Command): void {
  program
    .command('calc')
    .description(
      'compute one settlement from a case file with the platform engine (no database); - reads standard input',
    )
    .argument('<case>', 'the case file (shared/spec/calc.md), or - for standard input')
    .action((path: string) => {
      const name = path === '-' ? 'stdin' : basename(path);
      let input: unknown;
      try {
        input = JSON.parse(readFileSync(path === '-' ? 0 : path, 'utf8'));
      } catch (error) {
        const reason =
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'no such file'
            : `not valid JSON (${(error as Error).message})`;
        return failWithProblems([`${name}: ${reason}`]);
      }
      const result = calculate(input, name);
      if (!result.ok) return failWithProblems(result.problems);
      process.stdout.write(`${JSON.stringify(result.output, null, 1)}\n`);
    });
}
