// The snapshot file name ending, apart from the snapshot layout (and its zod schema) so the help
// and the check of `--data` paths load none of it.

/** The file name ending `--data` recognises as a snapshot. */
export const SNAPSHOT_EXTENSION = '.enduse';
