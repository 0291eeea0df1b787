// `enduse report`: the flagged-route report for every shipped case at its default date.
import type { Command } from 'commander';
import { findFlaggedRoutes } from '../../analysis/routes.ts';
import { flaggedEntities } from '../../analysis/flags.ts';
import { shippedCases } from '../../cases/shipped-cases.ts';
import { formatOption } from '../options.ts';
import { openView } from '../open-view.ts';
import { formatRoutesText } from './routes.ts';
import type { Output } from '../output.ts';

export function registerReport(program: Command, output: Output): void {
  program
    .command('report')
    .description('flagged routes for every shipped case (data/cases) at its default date')
    .option('--format <format>', 'text or json')
    .action(async (options: { format?: string }) => {
      const format = formatOption(options.format);
      const report = [];
      for (const shippedCase of shippedCases()) {
        const view = await openView([shippedCase.directory]);
        const flags = flaggedEntities(view, shippedCase.asOf);
        const bySource = shippedCase.sources.map((from) => ({ from, routes: findFlaggedRoutes(view, from, { asOf: shippedCase.asOf, flags }) }));
        report.push({ shippedCase, view, bySource });
      }
      if (format === 'json') {
        output.json({
          cases: report.map(({ shippedCase, bySource }) => ({ id: shippedCase.id, title: shippedCase.title, asOf: shippedCase.asOf, sources: bySource })),
        });
        return;
      }
      for (const { shippedCase, view, bySource } of report) {
        output.line(`\n=== ${shippedCase.title} (${shippedCase.id}), as of ${shippedCase.asOf}`);
        if (shippedCase.summary) output.line(shippedCase.summary);
        for (const { from, routes } of bySource) output.line(`\n${formatRoutesText(view, from, shippedCase.asOf, routes)}`);
      }
    });
}
