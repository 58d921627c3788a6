#!/usr/bin/env node
// The `netintent` command. Each subcommand lives in cli/commands/.
import { Command } from 'commander';
import { crdsCommand } from './commands/crds.js';
import { testbedCommand } from './commands/testbed.js';
import { labCommand } from './commands/lab.js';
import { renderCommand } from './commands/render.js';
import { simCommand } from './commands/sim.js';
import { controllerCommand } from './commands/controller.js';
import { workerCommand } from './commands/worker.js';
import { historyCommand } from './commands/history.js';
import { revertCommand } from './commands/revert.js';

const program = new Command()
  .name('netintent')
  .description('Intent-based network automation for Nokia SR OS and SR Linux, driven by Kubernetes custom resources.')
  .version('0.1.0')
  .showHelpAfterError();

program.addCommand(controllerCommand());
program.addCommand(workerCommand());
program.addCommand(renderCommand());
program.addCommand(simCommand());
program.addCommand(historyCommand());
program.addCommand(revertCommand());
program.addCommand(crdsCommand());
program.addCommand(testbedCommand());
program.addCommand(labCommand());

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`netintent: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
