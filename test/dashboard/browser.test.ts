/**
 * Issue 13's "Done when" in real headless Chromium (Debian's chromium through playwright-core), on both
 * stores: the emulator and a real `lakeward serve`; sign in; the estate; a setting turned off in the
 * emulator and a scan started from the dashboard; the new failure, the drift with its actor and the alert
 * at the loopback webhook; a finding waived by an admin and refused to a viewer; a cluster named
 * `<img src=x onerror=alert(1)>` shown as text with no dialog and no console error; a cross-site POST
 * refused; screenshots at 1440 and 390 px (no horizontal scroll). One browser per store, few page loads.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/server.ts";
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from "../support/alert-receivers.ts";
import { CHROMIUM_MISSING, launchChromium, type PageWatch, watchPage } from "../support/browser.ts";
import {
  ADMIN_TOKEN,
  eventually,
  type RunningServe,
  SMTP_PASSWORD,
  serveArgs,
  serveEnv,
  startServe,
  writeServeConfig,
} from "../support/serve.ts";
import { ENGINES, type TestStoreLocation, testStoreLocation } from "../support/stores.ts";

const HOSTILE = "<img src=x onerror=alert(1)>";
const run = promisify(execFile);
/** axe-core, run in the page by evaluation (the page's CSP allows no script but its own, rightly). */
const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's WCAG 2.x A/AA and best-practice rules on the page as it is now; its violations. */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>("typeof window.axe === 'object'"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate<AxeViolation[]>(`axe
    .run(document, { resultTypes: ["violations"], runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })))`);
}

const serious = (violations: AxeViolation[]) =>
  violations.filter((v) => v.impact === "serious" || v.impact === "critical");

/** Where the screenshots go (kept for a person to look at); a temporary directory by default. */
const SHOTS = process.env.LAKEWARD_SCREENSHOTS;

interface Finding {
  id: number;
  checkId: string;
  workspace: string;
  state: string;
}

describe.skipIf(CHROMIUM_MISSING !== "").each(ENGINES)(
  `dashboard in Chromium (%s store)${CHROMIUM_MISSING}`,
  (engine) => {
    let emulator: RunningEmulator;
    let location: TestStoreLocation;
    let serve: RunningServe;
    let dir: string;
    let hook: HttpReceiver;
    let smtp: SmtpReceiver;
    let browser: Browser;
    let attacker: Server;
    let viewerToken: string;

    beforeAll(async () => {
      emulator = await startEmulator({ personas: ["typical"] });
      dir = await mkdtemp(join(tmpdir(), "lakeward-dash-e2e-"));
      location = await testStoreLocation(engine, "dash-e2e");
      hook = await startHttpReceiver();
      smtp = await startSmtpReceiver({ user: "lakeward", password: SMTP_PASSWORD });
      const caFile = join(dir, "smtp-ca.pem");
      await writeFile(caFile, smtp.cert);
      const config = await writeServeConfig(dir, emulator, ["typical"], 5, {
        webhookUrl: hook.url("/hook"),
        smtpPort: smtp.port,
        caFile,
      });
      // Daily, so every scan here is one this test asks for (the first through the API, the second from the UI).
      await writeFile(config, (await readFile(config, "utf8")).replace(/schedule: "[^"]+"/, 'schedule: "0 0 6 * * *"'));
      const planted = await fetch(`${emulator.armUrl}/lakeward-emulator/workspaces/typical/clusters`, {
        method: "POST",
        headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
        body: JSON.stringify({
          cluster: {
            cluster_id: "0601-000000-hostile1",
            cluster_name: HOSTILE,
            spark_version: "15.4.x-scala2.12",
            state: "RUNNING",
            cluster_source: "UI",
            data_security_mode: "NONE",
            creator_user_name: "joe@contoso.example",
            autotermination_minutes: 60,
            custom_tags: {},
          },
        }),
      });
      expect(planted.status).toBe(200);
      // A viewer token, made with the CLI before serve opens the store.
      const made = await run(
        process.execPath,
        ["bin/lakeward.js", "tokens", "create", "vera", "--role", "viewer", ...location.args],
        { env: serveEnv(emulator) },
      );
      viewerToken = made.stdout.trim();
      serve = await startServe(serveArgs(emulator, config, location.args), serveEnv(emulator));
      browser = await launchChromium();
      // Another site (localhost is not 127.0.0.1) whose page posts a form to the dashboard.
      attacker = createServer((req, res) => {
        const target = new URL(req.url ?? "/", "http://x").searchParams.get("to") ?? "";
        res.writeHead(200, { "content-type": "text/html" });
        res.end(
          `<!doctype html><form id="f" method="post" action="${target}"><input name="owner" value="evil"><input name="reason" value="waived by another site"><input name="expires" value="2030-01-01"></form><script>document.getElementById("f").submit()</script>`,
        );
      });
      await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
      await serve?.stop();
      await emulator?.close();
      await hook?.close();
      await smtp?.close();
      await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(null)));
      await location?.cleanup();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    async function signIn(page: Page, token: string) {
      await page.goto(`${serve.url}/`);
      await expect.poll(() => page.url()).toContain("/login");
      await page.getByLabel("API token").fill(token);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${serve.url}/`);
    }

    /**
     * Clicks something that loads another page (a link, a form's submit) and waits until that page has
     * loaded. The dashboard renders its pages on the server, so what a page shows is in its HTML once it
     * has loaded; polling its text instead raced the navigation against expect.poll's 1 s (a loaded
     * machine takes longer to render the workspace page) and failed with "function didn't resolve in time".
     */
    async function clickAndLoad(page: Page, target: Locator) {
      await Promise.all([page.waitForEvent("framenavigated", (frame) => frame === page.mainFrame()), target.click()]);
      await page.waitForLoadState("load");
    }

    /** Nothing when the page does not scroll sideways; else the outermost elements that stick out. */
    async function horizontalOverflow(page: Page) {
      return page.evaluate<string[]>(`(() => {
        if (document.documentElement.scrollWidth <= window.innerWidth + 1) return [];
        const out = [...document.querySelectorAll("body *")].filter(
          (e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement?.closest(".table-wrap, .matrix"),
        );
        return out.filter((e) => !out.includes(e.parentElement)).slice(0, 5)
          .map((e) => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "") + " " + Math.round(e.getBoundingClientRect().right) + "px");
      })()`);
    }

    it("signs in, scans from the UI, shows the failure, drift and alert; waives as admin only; escapes; refuses cross-site", async () => {
      const shots = SHOTS ?? join(dir, "screenshots");
      await mkdir(shots, { recursive: true });
      // The first scan (API), so the estate has something to show.
      const first = await serve.api<{ id: number }>("/api/v1/runs", {
        method: "POST",
        body: JSON.stringify({ target: "typical" }),
      });
      expect(first.status).toBe(202);
      await eventually(
        "the first scan",
        async () => {
          const { body } = await serve.api<{ status: string }>(`/api/v1/runs/${first.body.id}`);
          return body.status === "succeeded" ? body : undefined;
        },
        serve,
      );

      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      const watch: PageWatch = watchPage(page);
      await signIn(page, ADMIN_TOKEN);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).first().textContent()).toMatch(/estate/i);
      expect(await page.locator("table").count()).toBeGreaterThan(0);

      // The hostile cluster name is text: on the findings page of DATA-12 it reads literally.
      await page.goto(`${serve.url}/findings?check=DATA-12`);
      await expect.poll(() => page.locator("main").textContent()).toContain(HOSTILE);
      expect(await page.locator("main img").count()).toBe(0);

      // Turn IP access lists off in the emulator (the audit event names the actor), then scan from the UI.
      const change = await fetch(`${emulator.armUrl}/lakeward-emulator/workspaces/adb-typical/workspace-conf`, {
        method: "POST",
        headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
        body: JSON.stringify({
          key: "enableIpAccessLists",
          value: "false",
          actor: "mallory@contoso.com",
          sourceIp: "198.51.100.23",
        }),
      });
      expect(change.status).toBe(200);
      await page.goto(`${serve.url}/runs`);
      await clickAndLoad(page, page.getByRole("button", { name: "Run typical now" }));
      expect(await page.locator(".flash").first().textContent()).toMatch(/queued/);
      const failing = await eventually(
        "the NET-03 failure",
        async () => {
          const { body } = await serve.api<{ findings: Finding[] }>("/api/v1/findings?check=NET-03&state=open");
          return body.findings[0];
        },
        serve,
      );
      await page.goto(`${serve.url}/findings?check=NET-03&state=open`);
      await expect.poll(() => page.locator("main").textContent()).toContain("NET-03");
      // The finding and the run's drift are recorded in one transaction: the page that lists one lists the other.
      await clickAndLoad(page, page.getByRole("link", { name: "adb-typical" }).first());
      const drift = page.locator("section", { has: page.locator("#drift-h") });
      expect(await drift.textContent()).toContain("mallory@contoso.com");
      expect(await drift.textContent()).toContain("enableIpAccessLists");
      const [delivered] = await hook.waitFor(1, 60_000);
      expect(delivered!.body).toContain("NET-03");
      const workspacePath = new URL(page.url()).pathname;
      expect(workspacePath).toMatch(/^\/workspaces\/\d+$/);
      // The workspace page: no serious or critical accessibility violation (axe-core).
      expect(serious(await axeViolations(page)), "workspace page").toEqual([]);

      // Screenshots at 1440 and 390 px, with no horizontal page scroll.
      for (const [width, path] of [
        [1440, "/"],
        [390, "/"],
        [390, `/findings?check=NET-03`],
        [1440, workspacePath],
        [390, workspacePath],
      ] as const) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${serve.url}${path}`);
        await page.screenshot({
          path: join(
            shots,
            `${engine}-${width}-${path === "/" ? "estate" : path.startsWith("/workspaces") ? "workspace" : "findings"}.png`,
          ),
          fullPage: true,
        });
        // after the screenshot, so a failure leaves the picture of what is wrong
        expect(await horizontalOverflow(page), `${path} at ${width} px`).toEqual([]);
      }
      await page.setViewportSize({ width: 1440, height: 1000 });

      // The estate page: no serious or critical accessibility violation, and usable from the keyboard — the
      // first Tab reaches "Skip to content", which moves focus to the content; the heat map is one tab
      // stop whose arrow, Home and End keys move between cells and whose Enter opens that cell's findings.
      await page.goto(`${serve.url}/`);
      expect(serious(await axeViolations(page)), "estate page").toEqual([]);
      await page.keyboard.press("Tab");
      expect(await page.evaluate<string | undefined>("document.activeElement?.textContent")).toBe("Skip to content");
      await page.keyboard.press("Enter");
      expect(await page.evaluate<string | undefined>("document.activeElement?.id")).toBe("main");
      expect(await page.locator("table.heatmap td[tabindex='0']").count()).toBe(1);
      await page.locator("table.heatmap td[tabindex='0']").focus();
      const column = () => page.evaluate<number>("document.activeElement.cellIndex");
      expect(await column()).toBe(1);
      await page.keyboard.press("ArrowRight");
      expect(await column()).toBe(2);
      await page.keyboard.press("End");
      const last = await column();
      expect(last).toBe((await page.locator("table.heatmap thead th").count()) - 1);
      await page.keyboard.press("ArrowLeft");
      expect(await column()).toBe(last - 1);
      await page.keyboard.press("Home");
      expect(await column()).toBe(1);
      expect(await page.locator("table.heatmap td[tabindex='0']").count()).toBe(1);
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/findings\?workspace=\d+&check=[A-Z]+-\d+/);

      // A viewer sees no accept form and is refused when posting one.
      const viewerContext = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const viewer = await viewerContext.newPage();
      const viewerWatch = watchPage(viewer);
      await signIn(viewer, viewerToken);
      await viewer.goto(`${serve.url}/findings?check=NET-03&state=open`);
      expect(await viewer.locator(`form[action="/findings/${failing.id}/accept"]`).count()).toBe(0);
      // The viewer's own page posts the form with the session's CSRF token: the role, not the token, refuses it.
      const refused = await viewer.evaluate<number>(`(async () => {
      const csrf = document.querySelector('input[name="csrf"]').value;
      const body = new URLSearchParams({ csrf, owner: "vera", reason: "viewers may not do this", expires: "2030-01-01" });
      return (await fetch("/findings/${failing.id}/accept", { method: "POST", body })).status;
    })()`);
      expect(refused).toBe(403);

      // Another site's form post (no CSRF token; the Strict cookie is not even sent) is refused.
      const attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/?to=${encodeURIComponent(`${serve.url}/findings/${failing.id}/accept`)}`;
      const crossSite = page.waitForResponse((r) => r.url().endsWith(`/findings/${failing.id}/accept`));
      await page.goto(attackerUrl);
      expect((await crossSite).status()).toBe(403);
      expect(
        (await serve.api<{ findings: Finding[] }>(`/api/v1/findings?check=NET-03&state=open`)).body.findings,
      ).toHaveLength(1);

      // The admin waives it from the page.
      await page.goto(`${serve.url}/findings?check=NET-03&state=open`);
      await page.locator(`#finding-${failing.id} summary`).click();
      const form = page.locator(`form[action="/findings/${failing.id}/accept"]`);
      await form.getByLabel(/owner/i).fill("platform team");
      await form.getByLabel(/reason/i).fill("private link only; IP lists come next sprint");
      await form.getByLabel(/until/i).fill("2030-01-01");
      await clickAndLoad(page, form.getByRole("button", { name: "Accept finding" }));
      expect(await page.locator(".flash").first().textContent()).toMatch(/accepted/);
      const accepted = await serve.api<{ findings: Finding[] }>(`/api/v1/findings?check=NET-03&state=accepted`);
      expect(accepted.body.findings.map((f) => f.id)).toEqual([failing.id]);

      // Nothing ran that the pages did not write: no dialog, no console error, on any page either user saw.
      expect(watch.dialogs).toEqual([]);
      expect(viewerWatch.dialogs).toEqual([]);
      expect(watch.consoleErrors.filter((e) => !/403|Forbidden/.test(e))).toEqual([]);
      expect(viewerWatch.consoleErrors.filter((e) => !/403|Forbidden/.test(e))).toEqual([]);
      await viewerContext.close();
      await context.close();
    }, 300_000);
  },
);
