// The CLI for people, as real processes: examples in every command's help, text wrapped to the
// terminal width (COLUMNS when not a terminal), colour only on a terminal or with FORCE_COLOR and
// never with NO_COLOR, `report` with red flags, scores and one hop numbering, the store options
// only on commands that use a store, and the HTML dossier to standard output and to --out.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.ts';
import { commandPath } from '../../src/cli/help-examples.ts';
import { runCliCaptured } from '../support/capture-output.ts';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '../..');
const ESC = '\u001b[';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `enduse …` as a child process with a clean colour environment plus `env`. */
async function enduse(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['NO_COLOR', 'FORCE_COLOR', 'COLUMNS', 'TERM'].includes(name)));
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/enduse.js', ...args], { cwd: REPO, env: { ...base, ...env }, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((sub) => [sub, ...allCommands(sub)]);
}

describe('the CLI for people (real processes)', () => {
  const ran: Record<string, Ran> = {};
  const out = join(mkdtempSync(join(tmpdir(), 'enduse-report-')), 'dossier.html');

  beforeAll(async () => {
    // One process each, run side by side: each reads the shipped cases.
    const runs: Record<string, Promise<Ran>> = {
      narrow: enduse(['report'], { COLUMNS: '60' }),
      wideColour: enduse(['report'], { COLUMNS: '120', FORCE_COLOR: '1' }),
      noColour: enduse(['report'], { FORCE_COLOR: '1', NO_COLOR: '1' }),
      json: enduse(['report', '--format', 'json']),
      html: enduse(['report', '--format', 'html']),
      htmlOut: enduse(['report', '--format', 'html', '--out', out]),
      badOut: enduse(['report', '--format', 'html', '--out', join(out, 'no-such-folder', 'x.html')]),
      generateHelp: enduse(['generate', '--help']),
      routesHelp: enduse(['routes', '--help'], { COLUMNS: '100' }),
    };
    for (const [name, result] of Object.entries(runs)) ran[name] = await result;
  }, 300_000);

  it('every command and subcommand shows examples in its help', async () => {
    const commands = allCommands(buildProgram({ line: () => {}, json: () => {}, write: () => {}, error: () => {} })).filter((command) => command.name() !== 'help');
    expect(commands.length).toBeGreaterThan(25);
    for (const command of commands) {
      const help = await runCliCaptured([...commandPath(command).split(' '), '--help']);
      expect(help.code, commandPath(command)).toBe(0);
      expect(help.stdout, commandPath(command)).toMatch(/\nExamples:\n {2}\$ (\S+=\S+ )?enduse /);
    }
    expect(ran.routesHelp!.stdout).toContain('Examples:\n  $ enduse routes --data data/cases/blue-coat-syria --from bluecoat');
  });

  it('store options only on commands that use a store', async () => {
    expect(ran.generateHelp!.code).toBe(0);
    expect(ran.generateHelp!.stdout).not.toMatch(/--backend|--neo4j/i);
    expect(ran.routesHelp!.stdout).toContain('--backend <backend>');
    expect(ran.routesHelp!.stdout).toContain('--neo4j-uri <uri>');
    const refused = await runCliCaptured(['generate', '--backend', 'neo4j', '--out', 'x']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("unknown option '--backend'");
  });

  it('wraps text at the given width, and uses it', () => {
    for (const name of ['narrow', 'wideColour', 'noColour'] as const) expect(ran[name]!.code, ran[name]!.stderr).toBe(0);
    const narrow = ran.narrow!.stdout.split('\n');
    expect(narrow.length).toBeGreaterThan(100);
    expect(narrow.filter((line) => [...line].length > 60 && line.trim().includes(' '))).toEqual([]);
    const wide = stripVTControlCharacters(ran.wideColour!.stdout).split('\n');
    expect(wide.some((line) => [...line].length > 60)).toBe(true);
    expect(wide.filter((line) => [...line].length > 120 && line.trim().includes(' '))).toEqual([]);
    // Help is wrapped at the same width; examples stay whole, to copy.
    expect(ran.routesHelp!.stdout.split('\n').filter((line) => line.length > 100 && !line.startsWith('  $ '))).toEqual([]);
  });

  it('colours only when asked or on a terminal, never with NO_COLOR', () => {
    expect(ran.wideColour!.stdout).toContain(ESC);
    expect(ran.noColour!.stdout).not.toContain(ESC);
    expect(ran.narrow!.stdout).not.toContain(ESC); // piped
    expect(stripVTControlCharacters(ran.wideColour!.stdout).replace(/\s+/g, ' ')).toBe(ran.noColour!.stdout.replace(/\s+/g, ' '));
  });

  it('report shows red flags and scores as routes does, each source once, and the data versions', () => {
    const text = ran.noColour!.stdout;
    expect(text.replace(/\s+/g, ' ')).toMatch(/#1 → Syrian Telecommunications Establishment \[ste-syria\] \(end_user, SY, government\): 2 hops, score \d+\/100/);
    expect(text).toMatch(/red flag: hop 1 STATED_END_USER_MISMATCH/);
    expect(text).toMatch(/score \d+\/100:\n {4}target \d+/);
    const words = text.replace(/\s+/g, ' ');
    const blueCoat = words.slice(words.indexOf('Blue Coat ProxySG'), words.indexOf('Huawei, Skycom'));
    // The settlement source is cited by number, written out once.
    expect(blueCoat.match(/Reuters, 25 Apr 2013 \(Steve Stecklow\), 'Dubai firm agrees/g)).toHaveLength(2);
    expect(blueCoat.match(/Computerlinks FZCO, Blue Coat's authorised distributor/g)).toHaveLength(1);
    expect(words).toMatch(/Data versions used blue-coat-syria: data\/cases\/blue-coat-syria, with the reference lists of enduse [\d.]+: SHA-256 [0-9a-f]{64}/);
  });

  it('numbers hops from 1 everywhere: red flags, hops and the score agree with the JSON index', () => {
    const json = JSON.parse(ran.json!.stdout) as { cases: { id: string; sources: { routes: { target: string; edges: { source: string; target: string }[]; redFlags: { code: string; hop: number }[]; score: { terms: { name: string; why: string }[] } }[] }[] }[] };
    const route = json.cases.find((entry) => entry.id === 'blue-coat-syria')!.sources[0]!.routes.find((entry) => entry.target === 'ste-syria')!;
    const mismatch = route.redFlags.find((flag) => flag.code === 'STATED_END_USER_MISMATCH')!;
    expect(mismatch.hop).toBe(0); // the index into edges
    expect(route.edges[mismatch.hop]).toMatchObject({ source: 'bluecoat', target: 'computerlinks-fzco' });
    expect(route.score.terms.find((term) => term.name === 'evidence')!.why).toContain('(hop 1: bluecoat → computerlinks-fzco)');
    const text = ran.noColour!.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('hop 1: bluecoat → computerlinks-fzco, SUPPLIES ProxySG');
    expect(text).toContain('red flag: hop 1 STATED_END_USER_MISMATCH: hop bluecoat → computerlinks-fzco');
    expect(text).toContain('(hop 1: bluecoat → computerlinks-fzco)');
    expect(text).not.toMatch(/hop 0\b/);
  });

  it('report --format html writes the dossier to standard output and to --out', () => {
    expect(ran.html!.code, ran.html!.stderr).toBe(0);
    const page = ran.html!.stdout;
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('@media print');
    expect(page).toContain('Blue Coat Systems, Inc. → Computerlinks FZCO → Syrian Telecommunications Establishment');
    expect(page).toContain('<code>STATED_END_USER_MISMATCH</code>');
    expect(page).toContain('&#39;Dubai firm agrees $2.8 million fine'); // escaped
    expect(page).toMatch(/<h2 id="data-versions">Data versions used<\/h2>[\s\S]*SHA-256 [0-9a-f]{64}/);
    expect(page).not.toContain('<script');
    expect(ran.htmlOut!.code, ran.htmlOut!.stderr).toBe(0);
    expect(ran.htmlOut!.stdout).toBe('');
    const written = readFileSync(out, 'utf8');
    const withoutTime = (html: string) => html.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME');
    expect(withoutTime(written)).toBe(withoutTime(page));
    expect(ran.badOut!.code).toBe(2);
    expect(ran.badOut!.stderr).toContain('--out');
    expect(ran.badOut!.stderr).not.toContain('    at ');
  });
});
