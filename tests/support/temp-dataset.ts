// Writes dataset files into a fresh temporary folder for tests that go through files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes each `name → content` (string or bytes) into a new temp folder and returns its path. */
export function tempDataset(files: Record<string, string | Buffer>): string {
  const directory = mkdtempSync(join(tmpdir(), 'enduse-test-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), content);
  return directory;
}

export const VALID_ENTITIES = 'id,name,kind,country,sector\nbluecoat,Blue Coat Systems,manufacturer,US,commercial\ncl,Computerlinks FZCO,distributor,AE,commercial\nste,Syrian Telecommunications Establishment,end_user,SY,government\n';
export const VALID_RELATIONSHIPS = 'source,target,type,product,start,end,evidence\nbluecoat,cl,SUPPLIES,ProxySG,2010-10-29,2010-10-29,settlement\ncl,ste,SUPPLIES,ProxySG,2010-11,,settlement\n';
export const VALID_LISTINGS = 'entity_id,list,from,source\nste,BIS_ENTITY,2011-12-15,test\n';
