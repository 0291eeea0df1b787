// Where enduse keeps what must outlive a process (dataset versions, the audit log): one folder,
// chosen in one place so every module that writes there agrees on it.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The setting that names the data folder. */
export const DATA_FOLDER_VARIABLE = 'ENDUSE_DATA_DIR';

/**
 * The data folder: `ENDUSE_DATA_DIR` when set (resolved against the working directory), else the
 * user's data directory as each platform names it — `$XDG_DATA_HOME/enduse` or
 * `~/.local/share/enduse` on Linux and other Unixes, `~/Library/Application Support/enduse` on
 * macOS, `%LOCALAPPDATA%\enduse` on Windows. Never the temporary folder: what is kept there may
 * be deleted by the system, and anyone on the machine can plant files in it.
 * (Hand-written rather than `env-paths`, which reads `process.env` itself: here the environment
 * is a parameter, so tests and the server's composition root pass theirs.)
 *
 * @example dataFolder({ XDG_DATA_HOME: '/srv/data' }, 'linux') // '/srv/data/enduse'
 */
export function dataFolder(env: Readonly<Record<string, string | undefined>> = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const set = env[DATA_FOLDER_VARIABLE]?.trim();
  if (set) return resolve(set);
  const nonEmptyAbsolute = (value: string | undefined) => (value !== undefined && value.trim() !== '' && isAbsolute(value.trim()) ? value.trim() : undefined);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'enduse');
  if (platform === 'win32') return join(nonEmptyAbsolute(env.LOCALAPPDATA) ?? join(home, 'AppData', 'Local'), 'enduse');
  // The XDG base directory spec: a relative $XDG_DATA_HOME is invalid and must be ignored.
  return join(nonEmptyAbsolute(env.XDG_DATA_HOME) ?? join(home, '.local', 'share'), 'enduse');
}
