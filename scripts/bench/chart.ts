// An SVG chart built from plain strings: one panel per metric, a pair of bars per template
// (ours, baseline), the ratio printed above each pair.
const esc = (s: string | number) =>
  String(s).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const COLORS = { ours: '#d9480f', baseline: '#868e96' };

export interface Panel {
  title: string;
  format(v: number): string;
  target?: number;
  targetLabel?: string;
  rows: { label: string; ours: number; baseline: number }[];
}

export function barChart({ title, subtitle, panels }: { title: string; subtitle?: string; panels: Panel[] }): string {
  const panelW = 420;
  const panelH = 260;
  const gap = 40;
  const top = 70;
  const width = panels.length * panelW + (panels.length + 1) * gap;
  const height = top + panelH + 90;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="${gap}" y="28" font-size="17" font-weight="600" fill="#212529">${esc(title)}</text>`);
  if (subtitle) out.push(`<text x="${gap}" y="48" fill="#495057">${esc(subtitle)}</text>`);
  panels.forEach((panel, p) => {
    const x0 = gap + p * (panelW + gap);
    const plotTop = top + 30;
    const plotH = panelH - 50;
    const base = plotTop + plotH;
    const values = panel.rows.flatMap((r) => [r.ours, r.baseline]).filter((v) => Number.isFinite(v));
    const max = Math.max(...values, panel.target ?? 0) * 1.15 || 1;
    const y = (v: number) => base - (v / max) * plotH;
    out.push(`<text x="${x0}" y="${top + 12}" font-size="14" font-weight="600" fill="#212529">${esc(panel.title)}</text>`);
    // axis + 4 grid lines
    for (let i = 0; i <= 4; i++) {
      const v = (max / 4) * i;
      out.push(`<line x1="${x0 + 40}" x2="${x0 + panelW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e9ecef"/>`);
      out.push(
        `<text x="${x0 + 36}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="#868e96" font-size="10">${esc(panel.format(v))}</text>`,
      );
    }
    if (panel.target) {
      out.push(
        `<line x1="${x0 + 40}" x2="${x0 + panelW}" y1="${y(panel.target).toFixed(1)}" y2="${y(panel.target).toFixed(1)}" stroke="#2b8a3e" stroke-dasharray="5 4"/>`,
      );
      out.push(
        `<text x="${x0 + panelW}" y="${(y(panel.target) - 4).toFixed(1)}" text-anchor="end" fill="#2b8a3e" font-size="10">${esc(panel.targetLabel ?? 'target')} ${esc(panel.format(panel.target))}</text>`,
      );
    }
    const slot = (panelW - 50) / panel.rows.length;
    const barW = Math.min(34, slot / 3);
    panel.rows.forEach((r, i) => {
      const cx = x0 + 50 + slot * i + slot / 2;
      (
        [
          ['ours', -barW - 2],
          ['baseline', 2],
        ] as const
      ).forEach(([k, dx]) => {
        const v = r[k];
        if (!Number.isFinite(v)) return;
        const h = base - y(v);
        out.push(
          `<rect x="${(cx + dx).toFixed(1)}" y="${y(v).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[k]}"><title>${esc(`${r.label} ${k}: ${panel.format(v)}`)}</title></rect>`,
        );
        out.push(
          `<text x="${(cx + dx + barW / 2).toFixed(1)}" y="${(y(v) - 4).toFixed(1)}" text-anchor="middle" fill="#343a40" font-size="10">${esc(panel.format(v))}</text>`,
        );
      });
      if (Number.isFinite(r.ours) && Number.isFinite(r.baseline) && r.baseline > 0) {
        out.push(
          `<text x="${cx.toFixed(1)}" y="${base + 32}" text-anchor="middle" fill="#495057" font-size="11">×${(r.ours / r.baseline).toFixed(2)}</text>`,
        );
      }
      out.push(`<text x="${cx.toFixed(1)}" y="${base + 16}" text-anchor="middle" fill="#212529">${esc(r.label)}</text>`);
    });
    out.push(`<line x1="${x0 + 40}" x2="${x0 + panelW}" y1="${base}" y2="${base}" stroke="#adb5bd"/>`);
  });
  // legend
  const ly = height - 22;
  out.push(
    `<rect x="${gap}" y="${ly - 10}" width="12" height="12" fill="${COLORS.ours}"/><text x="${gap + 18}" y="${ly}" fill="#212529">create-rust-lambda</text>`,
  );
  out.push(
    `<rect x="${gap + 150}" y="${ly - 10}" width="12" height="12" fill="${COLORS.baseline}"/><text x="${gap + 168}" y="${ly}" fill="#212529">baseline (starter dependencies, default release profile)</text>`,
  );
  out.push(`<text x="${gap + 520}" y="${ly}" fill="#495057">×ratio = ours / baseline (lower is better)</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
