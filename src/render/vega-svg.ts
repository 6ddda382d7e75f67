// Draws a research chart (render/charts.ts, a Vega-Lite specification) to SVG in Node with vega and vega-lite: no
// browser, no canvas. Loaded only when a chart is asked for (vega is large). Same chart, same bytes.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Chart } from './charts';

/** The chart as a standalone SVG document. Clip and gradient ids restart per chart, for byte-identical output. */
export async function chartSvg(chart: Chart): Promise<string> {
  // Exported by vega (from vega-scenegraph) but missing from its type declarations.
  const ids = vega as unknown as { resetSVGClipId: () => void; resetSVGDefIds: () => void };
  ids.resetSVGClipId();
  ids.resetSVGDefIds();
  const view = new vega.View(vega.parse(compile(chart.spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return `${svg}\n`;
  } finally {
    view.finalize();
  }
}
