// Aligned plain-text columns for people reading a terminal.

/** Pads every column to its widest cell; the last column is left unpadded. */
export function textTable(rows: readonly (readonly string[])[], gap = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, [...cell].length)));
  return rows
    .map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - [...cell].length))).join(gap).trimEnd())
    .join('\n');
}
