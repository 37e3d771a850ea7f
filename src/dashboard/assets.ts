/**
 * The dashboard's static files: its stylesheet (the shared views' rules, then its own), its one script, Chart.js (the UMD build from the
 * chart.js package) and the permission-path graph's script — Cytoscape.js with html/path-graph-client.js, the
 * very script the HTML report inlines (reports/html.ts's pathGraphScript), loaded only by pages that draw a
 * path graph. Served from memory under /assets/<name>?v=<content hash>, so a page always loads the
 * file it was written for and browsers may cache them for long. Nothing is fetched from anywhere else.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathGraphScript } from "../reports/html.ts";

interface Asset {
  body: string;
  type: string;
  version: string;
}

let assets: Map<string, Asset> | undefined;

function load(): Map<string, Asset> {
  if (assets) return assets;
  const here = new URL("./assets/", import.meta.url);
  const chartFile = join(dirname(createRequire(import.meta.url).resolve("chart.js")), "chart.umd.js");
  const files: [string, string, string][] = [
    [
      "dashboard.css",
      // The views the dashboard shares with the HTML report are styled by the report's shared-views.css.
      `${readFileSync(new URL("../reports/html/shared-views.css", import.meta.url), "utf8")}\n${readFileSync(new URL("dashboard.css", here), "utf8")}`,
      "text/css; charset=utf-8",
    ],
    ["dashboard.js", readFileSync(new URL("dashboard.js", here), "utf8"), "text/javascript; charset=utf-8"],
    [
      "chart.umd.js",
      // The source map comment would only make developer tools ask for a file that is not served.
      readFileSync(chartFile, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n"),
      "text/javascript; charset=utf-8",
    ],
    ["path-graph.js", pathGraphScript(), "text/javascript; charset=utf-8"],
  ];
  assets = new Map(
    files.map(([name, body, type]) => [
      name,
      { body, type, version: createHash("sha256").update(body).digest("base64url").slice(0, 12) },
    ]),
  );
  return assets;
}

export function assetUrl(name: string): string {
  const asset = load().get(name);
  if (!asset) throw new Error(`no dashboard asset ${name}`);
  return `/assets/${name}?v=${asset.version}`;
}

export function asset(name: string): Asset | undefined {
  return load().get(name);
}
