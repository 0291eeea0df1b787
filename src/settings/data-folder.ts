// Where enduse keeps what must outlive a process (the audit log, persisted datasets): a setting,
// by default under the user's data directory (XDG Base Directory), never the shared temp folder.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * The data folder: `ENDUSE_DATA_DIR` when set, else `$XDG_DATA_HOME/enduse`, else
 * `~/.local/share/enduse`. The temp folder is never the default: anyone on the machine may
 * create files there, so a planted symlink could redirect what enduse writes.
 * An `XDG_DATA_HOME` that is not absolute is ignored, as the XDG specification says.
 *
 * @example dataFolder({ XDG_DATA_HOME: '/home/ana/.data' }) // '/home/ana/.data/enduse'
 */
export function dataFolder(env: NodeJS.ProcessEnv): string {
  const configured = env.ENDUSE_DATA_DIR?.trim();
  if (configured) return resolve(configured);
  const xdgDataHome = env.XDG_DATA_HOME?.trim();
  if (xdgDataHome && isAbsolute(xdgDataHome)) return join(xdgDataHome, 'enduse');
  return join(homedir(), '.local', 'share', 'enduse');
}
