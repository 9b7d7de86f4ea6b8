import type { Projection } from './projection.service';

const WIDTH = 820;
const HEIGHT = 600;
const MARGIN = { top: 56, right: 190, bottom: 56, left: 64 };
export const LENGTH_COLOURS = { short: '#1f77b4', long: '#d95f02' } as const;
const METHOD_LABELS = { pca: 'PCA', tsne: 't-SNE', umap: 'UMAP' } as const;

/** The projection as a standalone SVG scatter plot: one circle per review, coloured by length class. */
export function projectionSvg(projection: Projection): string {
  const label = METHOD_LABELS[projection.method];
  const xs = projection.points.map((p) => p.x);
  const ys = projection.points.map((p) => p.y);
  const x = linearScale(extent(xs), [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale(extent(ys), [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const title = `${label} of ${projection.sample} reviews in '${projection.collection}' (${projection.model}), coloured by length`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="projection-title" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="projection-title">${escape(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="28" text-anchor="middle" font-size="16" font-weight="600">${escape(title)}</text>`,
  ];
  // Axes with ticks.
  const axisY = HEIGHT - MARGIN.bottom;
  out.push(`<g class="axis x-axis" stroke="#444"><line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${axisY}" y2="${axisY}"/></g>`);
  out.push(`<g class="axis y-axis" stroke="#444"><line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${axisY}"/></g>`);
  for (const tick of ticks(extent(xs))) {
    const px = x(tick).toFixed(1);
    out.push(`<line x1="${px}" x2="${px}" y1="${axisY}" y2="${axisY + 5}" stroke="#444"/><text x="${px}" y="${axisY + 18}" text-anchor="middle">${formatTick(tick)}</text>`);
  }
  for (const tick of ticks(extent(ys))) {
    const py = y(tick).toFixed(1);
    out.push(`<line x1="${MARGIN.left - 5}" x2="${MARGIN.left}" y1="${py}" y2="${py}" stroke="#444"/><text x="${MARGIN.left - 8}" y="${py}" dy="4" text-anchor="end">${formatTick(tick)}</text>`);
  }
  out.push(`<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 14}" text-anchor="middle">${label} 1</text>`);
  out.push(`<text transform="translate(18 ${(MARGIN.top + axisY) / 2}) rotate(-90)" text-anchor="middle">${label} 2</text>`);
  // Points.
  out.push('<g class="points" fill-opacity="0.7">');
  for (const p of projection.points) {
    out.push(
      `<circle class="review-point" data-id="${p.id}" data-length-class="${p.lengthClass}" cx="${x(p.x).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="3" fill="${LENGTH_COLOURS[p.lengthClass]}"><title>${escape(`${p.summary} (${p.textLength} chars, ${p.rating ?? '?'} stars)`)}</title></circle>`,
    );
  }
  out.push('</g>');
  // Legend.
  const lx = WIDTH - MARGIN.right + 20;
  out.push(`<g class="legend"><text x="${lx}" y="${MARGIN.top}" font-weight="600">text length</text>`);
  const entries = [
    ['short', `short (≤ ${projection.lengthSplit} chars)`],
    ['long', `long (> ${projection.lengthSplit} chars)`],
  ] as const;
  entries.forEach(([lengthClass, text], i) => {
    const ly = MARGIN.top + 22 + i * 20;
    out.push(`<circle cx="${lx + 6}" cy="${ly - 4}" r="5" fill="${LENGTH_COLOURS[lengthClass]}"/><text x="${lx + 18}" y="${ly}">${escape(text)}</text>`);
  });
  out.push('</g></svg>');
  return out.join('\n');
}

function extent(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? [low - 1, high + 1] : [low, high];
}

function linearScale([d0, d1]: [number, number], [r0, r1]: [number, number]) {
  return (value: number) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** About five round tick values inside the extent. */
function ticks([low, high]: [number, number]): number[] {
  const rough = (high - low) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? power * 10;
  const values: number[] = [];
  for (let v = Math.ceil(low / step) * step; v <= high + 1e-9; v += step) values.push(Math.round(v / step) * step);
  return values;
}

function formatTick(value: number): string {
  return Number(value.toPrecision(6)).toString();
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
