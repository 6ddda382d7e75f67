// The HTML research report `--out <dir>` writes next to its charts: each chart (its SVG), with links to its data (CSV)
// and its Vega-Lite specification, the text table, and the other files written. Self-contained apart from those
// files; every text escaped.
import { xml } from './xml';

export interface ReportFile {
  name: string;
  description: string;
}

export interface ResearchReport {
  title: string;
  /** Lines under the title: the command's inputs (corpus, date, rule). */
  about: string[];
  charts: { name: string; title: string }[];
  /** The command's text report. */
  text: string;
  files: ReportFile[];
}

const link = (name: string) => `<a href="${xml(encodeURIComponent(name))}">${xml(name)}</a>`;

export function renderResearchHtml(r: ResearchReport): string {
  const charts = r.charts
    .map(
      (c) => `<figure>
<img src="${xml(encodeURIComponent(`${c.name}.svg`))}" alt="${xml(c.title)}">
<figcaption>${xml(c.title)}. Data: ${link(`${c.name}.csv`)}; Vega-Lite specification (restyle it in any Vega-Lite editor): ${link(`${c.name}.vl.json`)}.</figcaption>
</figure>`,
    )
    .join('\n');
  const files = r.files.map((f) => `<li>${link(f.name)}: ${xml(f.description)}</li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${xml(r.title)}</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
figure { margin: 2rem 0; } img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.9rem; color: #555; } pre { background: #f7f7f7; padding: 1rem; overflow-x: auto; font-size: 0.85rem; }
</style>
</head>
<body>
<h1>${xml(r.title)}</h1>
${r.about.map((a) => `<p>${xml(a)}</p>`).join('\n')}
<h2>Charts</h2>
${charts}
<h2>Table</h2>
<pre>${xml(r.text)}</pre>
<h2>Files</h2>
<ul>
${files}
</ul>
<p>Made by flopcheck. Verdicts are exact (decimal arithmetic); “uncertain” means the input range straddles the line or a figure is unknown, never “not captured”.</p>
</body>
</html>
`;
}
