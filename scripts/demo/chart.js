// A dependency-free SVG line chart of heap used over connections, both versions.
import { writeFileSync } from 'node:fs';

export function writeHeapChart(path, leaks) {
  const width = 640;
  const height = 360;
  const margin = { left: 64, right: 16, top: 24, bottom: 40 };
  const series = [
    { label: 'original', color: '#c0392b', samples: leaks.original.samples },
    { label: 'migrated', color: '#27ae60', samples: leaks.migrated.samples },
  ];
  const all = series.flatMap((line) => line.samples);
  const maxX = Math.max(...all.map((sample) => sample.connections), 1);
  const maxY = Math.max(...all.map((sample) => sample.heapUsed), 1) * 1.1;
  const x = (value) => margin.left + (value / maxX) * (width - margin.left - margin.right);
  const y = (value) => height - margin.bottom - (value / maxY) * (height - margin.top - margin.bottom);
  const ticks = Array.from({ length: 5 }, (_, index) => (maxY / 4) * index);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${margin.left}" y="16">Heap used after gc() — Lifeguard demo</text>
${ticks.map((tick) => `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#eee"/><text x="${margin.left - 6}" y="${y(tick) + 4}" text-anchor="end">${(tick / 1e6).toFixed(1)} MB</text>`).join('\n')}
<text x="${(width + margin.left) / 2}" y="${height - 8}" text-anchor="middle">connections served</text>
<text x="${margin.left}" y="${height - margin.bottom + 16}" text-anchor="middle">0</text>
<text x="${width - margin.right}" y="${height - margin.bottom + 16}" text-anchor="end">${maxX}</text>
${series
  .map(
    (line, index) => `<polyline fill="none" stroke="${line.color}" stroke-width="2" points="${line.samples.map((sample) => `${x(sample.connections).toFixed(1)},${y(sample.heapUsed).toFixed(1)}`).join(' ')}"/>
<text x="${width - margin.right - 90}" y="${margin.top + 16 * (index + 1)}" fill="${line.color}">${line.label}</text>`,
  )
  .join('\n')}
</svg>
`;
  writeFileSync(path, svg);
  return path;
}
