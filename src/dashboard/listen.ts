/**
 * Starting the listener of `lakeward serve`: plain HTTP (loopback by default), or HTTPS with a given
 * certificate and key (--tls-cert/--tls-key or dashboard.tls), read through the bounded input reader.
 * Also builds the optional OIDC sign-in from the config, so a bad issuer or a missing secret stops the
 * start with a clear error instead of failing at the first sign-in.
 */
import { createPrivateKey, X509Certificate } from "node:crypto";
import type { Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { serve as listen } from "@hono/node-server";
import { InputError } from "../errors.ts";
import { readInputText } from "../util/read-input.ts";
import type { DashboardOptions } from "./app.ts";
import { OidcSignIn } from "./auth/oidc.ts";
import type { DashboardConfig } from "./config.ts";
import { type FetchApp, serverApp } from "./server.ts";

export interface ListenOptions {
  api: FetchApp;
  dashboard: Omit<DashboardOptions, "secure" | "oidc" | "publicUrl" | "sessionHours">;
  config: DashboardConfig | undefined;
  bind: string;
  port: number;
  tls?: { cert?: string; key?: string };
  log(line: string): void;
}

export interface Listening {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startListener(options: ListenOptions): Promise<Listening> {
  const certFile = options.tls?.cert ?? options.config?.tls?.cert;
  const keyFile = options.tls?.key ?? options.config?.tls?.key;
  if (Boolean(certFile) !== Boolean(keyFile))
    throw new InputError(
      "TLS needs both a certificate and its key",
      "Give --tls-cert FILE and --tls-key FILE together.",
    );
  const tls =
    certFile && keyFile
      ? {
          cert: await readInputText(certFile, { kind: "certificate" }),
          key: await readInputText(keyFile, { kind: "certificate" }),
        }
      : null;
  if (tls && certFile && keyFile) checkKeyPair(tls, certFile, keyFile);
  let oidc: OidcSignIn | null = null;
  if (options.config?.oidc) {
    try {
      oidc = new OidcSignIn(options.config.oidc);
    } catch (error) {
      throw new InputError(
        error instanceof Error ? error.message : String(error),
        "See docs/dashboard.md, “Sign-in with Entra ID”.",
      );
    }
  }
  const app = serverApp(options.api, {
    ...options.dashboard,
    secure: tls !== null,
    oidc,
    ...(options.config?.publicUrl ? { publicUrl: options.config.publicUrl } : {}),
    ...(options.config?.sessionHours ? { sessionHours: options.config.sessionHours } : {}),
  });
  const scheme = tls ? "https" : "http";
  return new Promise<Listening>((resolve, reject) => {
    let server: Server;
    try {
      server = listen(
        {
          fetch: app.fetch,
          port: options.port,
          hostname: options.bind,
          ...(tls ? { createServer: createHttpsServer, serverOptions: { cert: tls.cert, key: tls.key } } : {}),
        },
        (info) => {
          const host = options.bind.includes(":") ? `[${options.bind}]` : options.bind;
          const url = `${scheme}://${host}:${info.port}`;
          options.log(`API listening on ${url}/api/v1 (health: /healthz); dashboard on ${url}/`);
          resolve({ server, url, close: () => new Promise((done) => server.close(() => done())) });
        },
      ) as Server;
    } catch (error) {
      reject(
        new InputError(
          `TLS: ${error instanceof Error ? error.message : String(error)}`,
          "Check that --tls-cert is a PEM certificate and --tls-key its PEM private key.",
        ),
      );
      return;
    }
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new InputError(
              `--port ${options.port}: the port is in use`,
              "Choose another with --port, or 0 for a free one.",
            )
          : error,
      ),
    );
  });
}

/**
 * The key must be the certificate's. OpenSSL refuses a mismatched key of the certificate's own type when
 * the server is created, but takes one of another type (an EC key beside an RSA certificate) and then
 * fails every handshake: checked here, before listening.
 */
function checkKeyPair(tls: { cert: string; key: string }, certFile: string, keyFile: string): void {
  let matches: boolean;
  try {
    matches = new X509Certificate(tls.cert).checkPrivateKey(createPrivateKey(tls.key));
  } catch (error) {
    throw new InputError(
      `TLS: ${error instanceof Error ? error.message : String(error)} (${certFile}, ${keyFile})`,
      "Check that --tls-cert is a PEM certificate and --tls-key its PEM private key.",
    );
  }
  if (!matches)
    throw new InputError(
      `TLS: ${keyFile} is not the private key of the certificate in ${certFile}`,
      "Give --tls-key the key the certificate was issued for.",
    );
}
