// Plain-text tables for the printed matrix: columns padded to their widest cell, the last one left ragged.

export function table(header: string[], body: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

/** A duration cell, in seconds with one decimal. */
export const seconds = (s: number): string => `${s.toFixed(1)}s`;
