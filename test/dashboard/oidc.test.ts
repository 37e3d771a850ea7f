/**
 * Sign-in with OpenID Connect against a real provider: `oidc-provider` (the certified Node implementation)
 * listening on loopback, the dashboard in process. The authorization code flow end to end — the
 * dashboard's redirect, the provider's login and consent (finished by the test's interaction handler as
 * the chosen user), the code back, the dashboard redeeming it at the provider's token endpoint over HTTP and
 * checking the ID token — then the role from the `roles` / `groups` claims; a user with no mapped role
 * refused; a tampered state and a nonce that is not the one sent refused. One engine: sessions are tested on
 * both in dashboard.test.ts.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OidcSignIn } from "../../src/dashboard/auth/oidc.ts";
import { oidcConfigSchema } from "../../src/dashboard/config.ts";
import { serverApp } from "../../src/dashboard/server.ts";
import { apiApp } from "../../src/serve/api.ts";
import type { Store } from "../../src/store/index.ts";
import { DashboardClient } from "../support/dashboard-client.ts";
import { openTestStore } from "../support/stores.ts";

const DASHBOARD = "http://dash.test";
const CLIENT_ID = "lakeward-dashboard";
const CLIENT_SECRET = "oidc-test-client-secret-0123456789abcdef";
/** The provider's accounts: what their ID tokens will claim. */
const USERS: Record<string, Record<string, unknown>> = {
  alice: { preferred_username: "alice@contoso.com", name: "Alice", roles: ["lakeward.admin"] },
  bob: { preferred_username: "bob@contoso.com", name: "Bob", groups: ["0f1e2d3c-viewers"] },
  carol: { preferred_username: "carol@contoso.com", name: "Carol", roles: ["some.other.app"] },
};

/** A cookie jar for the provider's origin, following its redirects until one leaves it. */
async function followProvider(start: string, jar: Map<string, string>): Promise<URL> {
  let url = new URL(start);
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(url, {
      redirect: "manual",
      headers: jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") } : {},
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = response.headers.get("location");
    if (!location) throw new Error(`${url.pathname}: ${response.status} without a redirect: ${await response.text()}`);
    await response.arrayBuffer();
    url = new URL(location, url);
    if (url.origin !== new URL(start).origin) return url;
  }
  throw new Error("the provider redirected more than 10 times");
}

describe("OIDC sign-in against a local oidc-provider", () => {
  let store: Store;
  let close: () => Promise<void>;
  let server: Server;
  let app: ReturnType<typeof serverApp>;
  let user = "alice";

  beforeAll(async () => {
    ({ store, close } = await openTestStore("embedded", "oidc"));
    let provider: Provider | undefined;
    server = createServer((req, res) => {
      if (!provider) return void res.writeHead(503).end();
      if (!req.url?.startsWith("/interaction/")) return void provider.callback()(req, res);
      // The provider's login and consent pages, answered as the user the test chose.
      void (async () => {
        const details = await provider!.interactionDetails(req, res);
        const grant = new provider!.Grant({ accountId: user, clientId: String(details.params.client_id) });
        grant.addOIDCScope("openid profile email");
        const grantId = await grant.save();
        await provider!.interactionFinished(req, res, { login: { accountId: user }, consent: { grantId } });
      })().catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${DASHBOARD}/auth/oidc/callback`],
          response_types: ["code"],
          grant_types: ["authorization_code"],
          token_endpoint_auth_method: "client_secret_post",
        },
      ],
      findAccount: async (_ctx, id) =>
        USERS[id] ? { accountId: id, claims: async () => ({ sub: id, ...USERS[id] }) } : undefined,
      claims: { openid: ["sub"], profile: ["name", "preferred_username", "roles", "groups"], email: ["email"] },
      // Entra ID puts roles and groups in the ID token itself; so does this provider then.
      conformIdTokenClaims: false,
      cookies: { keys: ["oidc-test-cookie-signing-key"] },
      ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
      features: { devInteractions: { enabled: false } },
    });
    const settings = oidcConfigSchema.parse({
      issuer,
      clientId: CLIENT_ID,
      clientSecretEnv: "TEST_OIDC_SECRET",
      adminRoles: ["lakeward.admin"],
      viewerGroups: ["0f1e2d3c-viewers"],
    });
    const oidc = new OidcSignIn(settings, { TEST_OIDC_SECRET: CLIENT_SECRET });
    const trigger = async () => null;
    app = serverApp(apiApp({ store, trigger }), { store, trigger, secure: false, oidc });
  }, 60_000);
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await close?.();
  });

  /** From the dashboard's sign-in link to the provider's redirect back (not yet followed). */
  async function toCallback(who: string, next = "/findings") {
    user = who;
    const dashboard = new DashboardClient(app, DASHBOARD);
    const login = await (await dashboard.request(`/login?next=${encodeURIComponent(next)}`)).text();
    expect(login).toContain(`/auth/oidc/start?next=${encodeURIComponent(next)}`);
    const start = await dashboard.request(`/auth/oidc/start?next=${encodeURIComponent(next)}`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get("location")!);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("nonce")).toBeTruthy();
    const callback = await followProvider(authorize.href, new Map());
    expect(callback.origin + callback.pathname).toBe(`${DASHBOARD}/auth/oidc/callback`);
    expect(callback.searchParams.get("code")).toBeTruthy();
    return { dashboard, callback };
  }

  it("signs an admin in through the provider and a viewer by group; the session shows who and which role", async () => {
    const { dashboard, callback } = await toCallback("alice");
    const back = await dashboard.request(callback.pathname + callback.search);
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('content="0;url=/findings"');
    const findings = await (await dashboard.request("/findings")).text();
    expect(findings).toContain("alice@contoso.com");
    expect(findings).toContain('class="role role-admin"');
    expect(findings).toContain("single sign-on");

    const viewer = await toCallback("bob");
    expect((await viewer.dashboard.request(viewer.callback.pathname + viewer.callback.search)).status).toBe(200);
    const page = await (await viewer.dashboard.request("/")).text();
    expect(page).toContain("bob@contoso.com");
    expect(page).toContain('class="role role-viewer"');
    // A viewer signed in by SSO may not waive findings.
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    expect((await viewer.dashboard.post("/findings/1/accept", { csrf, owner: "x", reason: "0123456789" })).status).toBe(
      403,
    );
  });

  it("refuses a user the provider signed in but who has no mapped role", async () => {
    const { dashboard, callback } = await toCallback("carol");
    const back = await dashboard.request(callback.pathname + callback.search);
    expect(back.status).toBe(403);
    expect(await back.text()).toContain("carol@contoso.com signed in, but has no lakeward role");
    expect((await dashboard.request("/")).status).toBe(303);
  });

  it("refuses a callback whose state was tampered with, and one whose nonce is not the one sent", async () => {
    const tampered = await toCallback("alice");
    tampered.callback.searchParams.set("state", "not-the-state-we-sent");
    const badState = await tampered.dashboard.request(tampered.callback.pathname + tampered.callback.search);
    expect(badState.status).toBe(403);
    expect(await badState.text()).toMatch(/Single sign-on failed: .*state/i);
    expect((await tampered.dashboard.request("/")).status).toBe(303);

    // The provider put the nonce it was sent in the ID token; the dashboard now expects another one.
    const replaced = await toCallback("alice");
    const cookie = replaced.dashboard.cookies.get("lakeward-oidc")!;
    const transaction = JSON.parse(Buffer.from(cookie, "base64url").toString("utf8")) as Record<string, string>;
    replaced.dashboard.cookies.set(
      "lakeward-oidc",
      Buffer.from(JSON.stringify({ ...transaction, nonce: "another-nonce" })).toString("base64url"),
    );
    const badNonce = await replaced.dashboard.request(replaced.callback.pathname + replaced.callback.search);
    expect(badNonce.status).toBe(403);
    expect(await badNonce.text()).toMatch(/Single sign-on failed: .*nonce/i);
    expect((await replaced.dashboard.request("/")).status).toBe(303);

    // Without the transaction cookie (another browser, or too late): refused before the provider is asked.
    const lost = await toCallback("alice");
    lost.dashboard.cookies.delete("lakeward-oidc");
    const noCookie = await lost.dashboard.request(lost.callback.pathname + lost.callback.search);
    expect(noCookie.status).toBe(403);
    expect(await noCookie.text()).toContain("start it again");
  });
});
