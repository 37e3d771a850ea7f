/**
 * A self-contained HTML report opened in real headless Chromium (Debian's `chromium`, driven by
 * playwright-core; no browser is downloaded), recording what a report must never do: console errors,
 * network requests beyond the file itself, dialogs (an injected `alert()` would open one).
 */
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.LAKEWARD_CHROMIUM ?? "/usr/bin/chromium";

/** "" when Chromium is there; otherwise the suffix a skipped suite's name carries, saying what to install. */
export const CHROMIUM_MISSING = existsSync(CHROMIUM)
  ? ""
  : ` — SKIPPED: ${CHROMIUM} is missing (install Debian's chromium package, e.g. \`sudo apt-get install chromium\`, or set LAKEWARD_CHROMIUM to a Chromium binary)`;

export interface OpenReport {
  browser: Browser;
  page: Page;
  /** The temporary directory holding the report (screenshots go there too). */
  dir: string;
  reportUrl: string;
  consoleErrors: string[];
  requests: string[];
  dialogs: string[];
}

/** Debian's Chromium, headless, with nothing that phones home (no downloads, no sync, no QUIC). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface PageWatch {
  consoleErrors: string[];
  requests: string[];
  dialogs: string[];
}

/** Records a page's console errors and warnings, page errors, requests and dialogs (dismissing them). */
export function watchPage(page: Page, into: PageWatch = { consoleErrors: [], requests: [], dialogs: [] }): PageWatch {
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") into.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => into.consoleErrors.push(`page error: ${error.message}`));
  page.on("request", (request) => into.requests.push(request.url()));
  page.on("dialog", async (dialog) => {
    into.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return into;
}

/**
 * Writes the report into a temporary directory and opens it; close with `report.browser.close()`.
 * `offline` opens it in a browser context with no network at all (the report must not need one).
 */
export async function openReport(
  html: string,
  fileName: string,
  options: { offline?: boolean } = {},
): Promise<OpenReport> {
  const dir = await mkdtemp(join(tmpdir(), "lakeward-browser-"));
  const file = join(dir, fileName);
  await writeFile(file, html);
  const reportUrl = pathToFileURL(file).href;
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    offline: options.offline ?? false,
  });
  const page = await context.newPage();
  const report: OpenReport = { browser, page, dir, reportUrl, consoleErrors: [], requests: [], dialogs: [] };
  watchPage(page, report);
  await page.goto(reportUrl, { waitUntil: "load" });
  return report;
}
