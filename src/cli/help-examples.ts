// Examples for every command's --help, on the shipped Blue Coat case where they read data, so
// each one runs as written from the repository (or an installed package's folder).
import type { Command } from 'commander';

const BLUE_COAT = 'data/cases/blue-coat-syria';

/** Examples by command path (`routes`, `import ftm`); a test checks every command has some. */
export const HELP_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  validate: [`enduse validate --data ${BLUE_COAT}`, 'enduse validate --data my-dataset --format json'],
  flags: [`enduse flags --data ${BLUE_COAT} --as-of 2011-06-30`, `enduse flags --data ${BLUE_COAT} --regime eu --format json`],
  routes: [
    `enduse routes --data ${BLUE_COAT} --from bluecoat --as-of 2011-06-30`,
    `enduse routes --data ${BLUE_COAT} --from bluecoat --as-of 2011-06-30 --k 3 --sort score`,
    'enduse routes --backend neo4j --from bluecoat --as-of 2011-06-30 --format json',
  ],
  search: [`enduse search Hauwei --data data/cases/huawei-skycom-canicula`, `enduse search "Blue Coat" --data ${BLUE_COAT} --format json`],
  connect: [`enduse connect --data ${BLUE_COAT} --from bluecoat --to ste-syria --as-of 2011-06-30`, `enduse connect --data ${BLUE_COAT} --from computerlinks-fzco --to waseem-jawad --max-hops 4`],
  index: ['enduse index --data /tmp/million --out /tmp/million.enduse', 'enduse routes --data /tmp/million.enduse --from mfr-1 --as-of 2024-06-30   # reads the snapshot back in seconds'],
  entity: [`enduse entity computerlinks-fzco --data ${BLUE_COAT} --as-of 2011-06-30`],
  report: ['enduse report', 'enduse report --format html --out dossier.html   # open it in a browser; print to PDF', 'enduse report --format json | jq .dataVersions'],
  exposure: [`enduse exposure --data ${BLUE_COAT} --from bluecoat --as-of 2011-06-30 --max-hops 4`],
  screen: [
    `enduse screen --data ${BLUE_COAT} --seller bluecoat --buyer computerlinks-fzco --product ProxySG --date 2011-06-30`,
    `enduse screen --data ${BLUE_COAT} --seller bluecoat --buyer-name "Gulf Trading LLC" --buyer-country AE --date 2011-06-30`,
  ],
  ownership: ['enduse ownership --data data/cases/huawei-skycom-canicula --entity skycom --as-of 2010-12-31'],
  chokepoints: [`enduse chokepoints --data ${BLUE_COAT} --from bluecoat --as-of 2011-06-30`],
  diff: [
    `enduse diff --data ${BLUE_COAT} --from bluecoat --before 2010-06-30 --after 2011-06-30`,
    'enduse diff --data-before old-dataset --data-after new-dataset --from bluecoat --as-of 2011-06-30',
  ],
  generate: ['enduse generate --entities 10000 --seed 1 --out /tmp/synthetic', 'enduse generate --entities 1000000 --relationships 5000000 --seed 7 --out /tmp/million'],
  serve: ['enduse serve                      # the shipped cases at http://127.0.0.1:8080/', `enduse serve --data ${BLUE_COAT} --port 3000`, 'NEO4J_PASSWORD=… enduse serve --backend neo4j'],
  import: ['enduse import ftm entities.ftm.json --out opensanctions-dataset', 'enduse import csv --mapping data/mappings/citizenlab-bluecoat.yaml --out bluecoat-sightings'],
  'import ftm': ['enduse import ftm entities.ftm.json --out opensanctions-dataset', 'enduse import ftm entities.ftm.json --load --backend neo4j'],
  'import ofac-sdn': ['enduse import ofac-sdn sdn.csv --out ofac-dataset   # add.csv and alt.csv are read beside it when present'],
  'import ofac-sdn-diff': ['enduse import ofac-sdn-diff sdn-2024.csv sdn-2025.csv --out sdn-changes'],
  'import csv': ['enduse import csv --mapping data/mappings/citizenlab-bluecoat.yaml --out bluecoat-sightings'],
  match: [`enduse match --data ${BLUE_COAT} opensanctions-dataset`, `enduse match --data ${BLUE_COAT} opensanctions-dataset --format jsonl > judgements.jsonl`],
  merge: [`enduse merge --data ${BLUE_COAT} opensanctions-dataset --judgements judgements.jsonl --out merged`],
  export: [`enduse export --format neo4j-admin --data ${BLUE_COAT} --out neo4j-import`],
  reference: ['enduse reference', 'enduse reference --as-of 2026-12-01 --format json'],
  load: [`NEO4J_PASSWORD=… enduse load --backend neo4j --data ${BLUE_COAT}`, `enduse load --data ${BLUE_COAT}   # validate and count, in memory`],
  cypher: ['enduse cypher flags --as-of 2011-06-30', 'enduse cypher routes --from bluecoat --as-of 2011-06-30'],
  'cypher flags': ['NEO4J_PASSWORD=… enduse cypher flags --as-of 2011-06-30'],
  'cypher routes': ['NEO4J_PASSWORD=… enduse cypher routes --from bluecoat --as-of 2011-06-30'],
  'cypher exposure': ['NEO4J_PASSWORD=… enduse cypher exposure --from bluecoat --as-of 2011-06-30'],
  'cypher neighbourhood': ['NEO4J_PASSWORD=… enduse cypher neighbourhood computerlinks-fzco'],
};

/** `routes`, `import ftm`: a command's name under the program. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** Adds "Examples:" after the help of `command` and of every command under it. */
export function addHelpExamples(command: Command): void {
  for (const subcommand of command.commands) {
    const examples = HELP_EXAMPLES[commandPath(subcommand)];
    if (examples) subcommand.addHelpText('after', `\nExamples:\n${examples.map((example) => `  $ ${example}`).join('\n')}`);
    addHelpExamples(subcommand);
  }
}
