// `enduse report`: the flagged-route report of every shipped case at its default date, as text
// (red flags, scores and numbered sources, as `routes` shows them), JSON, or the printable HTML
// dossier the dashboard also makes (src/report/dossier-html.ts).
// What the command does, imported only when it runs; report.ts declares its options and help.
import { writeFileSync } from 'node:fs';
import { InvalidInputError } from '../../domain/errors.ts';
import { renderDossierHtml } from '../../report/dossier-html.ts';
import { casesDossier } from '../case-dossier.ts';
import { choiceOption } from '../options.ts';
import { formatRoutesText } from './routes-run.ts';
import { NO_COLORS } from '../terminal-text.ts';
import { unwrappedLine, type Output } from '../output.ts';
import { packageVersion } from '../package-version.ts';

const REPORT_FORMATS = ['text', 'json', 'html'] as const;

export async function runReport(options: { format?: string; out?: string }, output: Output): Promise<void> {
  const format = choiceOption(options.format, '--format', REPORT_FORMATS, 'text');
  const dossier = await casesDossier(packageVersion());
  let text: string;
  if (format === 'json') {
    text = JSON.stringify(
      { generatedAt: dossier.generatedAt, dataVersions: dossier.dataVersions, cases: dossier.cases.map(({ id, title, asOf, sections }) => ({ id, title, asOf, sources: sections.map(({ from, routes }) => ({ from, routes })) })) },
      null,
      2,
    );
  } else if (format === 'html') {
    text = renderDossierHtml(dossier);
  } else {
    // A file gets plain text; standard output colours and wraps as the terminal allows.
    const colors = options.out === undefined ? (output.text?.colors ?? NO_COLORS) : NO_COLORS;
    const lines: string[] = [];
    for (const { title, id, asOf, view, sections } of dossier.cases) {
      lines.push('', colors.bold(colors.underline(`${title} (${id}), as of ${asOf}`)));
      for (const section of sections) {
        if (section.caseSummary) lines.push(section.caseSummary);
        lines.push('', formatRoutesText(view, section.from, section.asOf, section.routes as Parameters<typeof formatRoutesText>[3], colors));
      }
    }
    lines.push('', colors.bold('Data versions used'), ...dossier.dataVersions.map((version) => `  ${version.name}: ${version.detail}`));
    text = lines.join('\n');
  }
  if (options.out !== undefined) return writeReport(options.out, text);
  if (format === 'text') output.line(text);
  else unwrappedLine(output, text.trimEnd());
}


function writeReport(file: string, text: string): void {
  try {
    writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
  } catch (error) {
    throw new InvalidInputError(`cannot write ${file}`, [{ field: '--out', file, message: `${(error as NodeJS.ErrnoException).code ?? 'error'}: ${(error as Error).message}; give a path in a folder you can write to` }]);
  }
}
