// The command tree of `enduse`. Each commands/NAME.ts declares one command (name, options, help)
// and imports no analysis; its action, commands/NAME-run.ts, is imported only when the command runs,
// so `enduse --help` loads none of them (tests/cli/lazy-commands.test.ts keeps it so).
import { Command } from 'commander';
import { unwrappedLine, type Output } from './output.ts';
import { registerValidate } from './commands/validate.ts';
import { registerFlags } from './commands/flags.ts';
import { registerRoutes } from './commands/routes.ts';
import { registerEntity } from './commands/entity.ts';
import { registerReport } from './commands/report.ts';
import { registerExposure } from './commands/exposure.ts';
import { registerScreen } from './commands/screen.ts';
import { registerOwnership } from './commands/ownership.ts';
import { registerChokepoints } from './commands/chokepoints.ts';
import { registerDiff } from './commands/diff.ts';
import { registerImport } from './commands/import.ts';
import { registerMatch } from './commands/match.ts';
import { registerMerge } from './commands/merge.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerServe } from './commands/serve.ts';
import { registerLoad } from './commands/load.ts';
import { registerCypher } from './commands/cypher.ts';
import { registerExport } from './commands/export.ts';
import { registerReference } from './commands/reference.ts';
import { registerSearch } from './commands/search.ts';
import { registerConnect } from './commands/connect.ts';
import { addBackendOptions, usesStore } from './backend-options.ts';
import { addHelpExamples } from './help-examples.ts';
import { packageVersion } from './package-version.ts';
import { registerIndex } from './commands/index-snapshot.ts';

export function buildProgram(output: Output): Command {
  const program = new Command('enduse')
    .version(packageVersion(), '-V, --version', 'print the version of enduse')
    .description('Where can this technology end up? Flagged routes through supply, front-company and ownership graphs.')
    .exitOverride()
    .configureOutput({
      // Commander wraps help itself, at the width text output uses.
      writeOut: (text) => unwrappedLine(output, text.trimEnd()),
      writeErr: (text) => output.error(text.trimEnd()),
      getOutHelpWidth: () => output.text?.width ?? 80,
    })
    .showHelpAfterError('(run with --help for usage)');
  for (const register of [registerValidate, registerFlags, registerRoutes, registerEntity, registerSearch, registerReport, registerExposure, registerScreen, registerOwnership, registerConnect, registerChokepoints, registerDiff, registerGenerate, registerServe, registerImport, registerMatch, registerMerge, registerExport, registerReference, registerIndex]) register(program, output);
  for (const register of [registerLoad, registerCypher]) register(program, output);
  // Only the commands that read or write a store take --backend and the Neo4j flags.
  for (const command of program.commands) if (usesStore(command)) addBackendOptions(command);
  addHelpExamples(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}
