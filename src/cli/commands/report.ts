// `enduse report`: the flagged-route report of every shipped case at its default date, as text
// (red flags, scores and numbered sources, as `routes` shows them), JSON, or the printable HTML
// dossier the dashboard also makes (src/report/dossier-html.ts).
import type { Command } from 'commander';
import type { Output } from '../output.ts';

const REPORT_FORMATS = ['text', 'json', 'html'] as const;

export function registerReport(program: Command, output: Output): void {
  program
    .command('report')
    .description('flagged routes for every shipped case (data/cases) at its default date, with red flags, scores and sources')
    .option('--format <format>', 'text, json or html (a printable dossier: print it to PDF from the browser)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (options: { format?: string; out?: string }) => (await import('./report-run.ts')).runReport(options, output));
}
