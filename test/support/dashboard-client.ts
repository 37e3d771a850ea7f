/** A browser's cookie jar in front of the dashboard app in process (no listener): enough for its forms. */
import type { FetchApp } from "../../src/dashboard/server.ts";

export class DashboardClient {
  cookies = new Map<string, string>();
  lastSetCookie: string[] = [];
  private readonly app: FetchApp;
  private readonly origin: string;
  constructor(app: FetchApp, origin = "http://dash.test") {
    this.app = app;
    this.origin = origin;
  }
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await this.app.fetch(
      new Request(`${this.origin}${path}`, { ...init, headers, redirect: "manual" }),
    );
    this.lastSetCookie = response.headers.getSetCookie();
    for (const line of this.lastSetCookie) {
      const [pair] = line.split(";");
      const [name, value] = pair!.split("=") as [string, string];
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    return this.request(path, {
      method: "POST",
      body: new URLSearchParams(form),
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    });
  }
  async signIn(token: string): Promise<Response> {
    const form = await (await this.request("/login")).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(form)![1]!;
    return this.post("/login", { csrf, token, next: "/" });
  }
  /** The CSRF token of the signed-in session, from any page's sign-out form. */
  async csrf(): Promise<string> {
    const body = await (await this.request("/runs")).text();
    return /name="csrf" value="([^"]+)"/.exec(body)![1]!;
  }
}
