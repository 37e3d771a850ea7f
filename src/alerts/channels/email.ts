/**
 * E-mail over SMTP with nodemailer: a plain-text part and an HTML part saying the same, one message per
 * delivery (a digest lists every event). TLS is required by default (STARTTLS, or TLS from the first
 * byte); plain SMTP only reaches a relay on loopback and never carries a password (config.ts enforces
 * both). Every step of the SMTP conversation has a timeout, and the whole send an overall deadline.
 *
 * Retry classification follows SMTP: a 4xx reply is transient (try again), a 5xx reply is permanent
 * (a refused recipient or failed authentication will not change by retrying); a connection that could
 * not be made or broke off is transient.
 */
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import { scrubSecrets } from "../../redact/fingerprint.ts";
import { VERSION } from "../../version.ts";
import type { ChannelConfig } from "../config.ts";
import type { SendOutcome } from "../http.ts";
import {
  countSummary,
  eventFacts,
  eventHeadline,
  footer,
  headline,
  type OutgoingMessage,
  orderEvents,
  testNotice,
} from "../render.ts";

type EmailConfig = Extract<ChannelConfig, { type: "email" }>;

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

/** A link is only rendered when it is http(s): a javascript: URL never becomes a clickable link. */
const safeLink = (url: string | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

export function emailContent(message: OutgoingMessage, subjectPrefix: string): EmailContent {
  const subject = `${subjectPrefix} ${headline(message)}`.replace(/[\r\n]+/g, " ").slice(0, 250);
  const events = orderEvents(message.events);
  const text: string[] = [];
  const html: string[] = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:14px;color:#1f2328">`,
  ];
  if (message.test) {
    text.push(testNotice(message.channel), "");
    html.push(`<p><strong>${escapeHtml(testNotice(message.channel))}</strong></p>`);
  }
  if (events.length > 1 || message.digest) {
    text.push(countSummary(events), "");
    html.push(`<p>${escapeHtml(countSummary(events))}</p>`);
  }
  for (const event of events) {
    const link = safeLink(event.link);
    text.push(eventHeadline(event), "", event.summary);
    for (const fact of eventFacts(event)) text.push(`  ${fact.label}: ${fact.value}`);
    if (link) text.push(`  Open: ${link}`);
    text.push("");
    html.push(
      `<h3 style="margin:18px 0 4px">${escapeHtml(eventHeadline(event))}</h3>`,
      `<p style="margin:0 0 6px">${escapeHtml(event.summary)}</p>`,
      `<table style="border-collapse:collapse">`,
      ...eventFacts(event).map(
        (fact) =>
          `<tr><td style="padding:1px 12px 1px 0;color:#59636e">${escapeHtml(fact.label)}</td><td>${escapeHtml(fact.value)}</td></tr>`,
      ),
      `</table>`,
      link ? `<p style="margin:4px 0"><a href="${escapeHtml(link)}">Open in lakeward</a></p>` : "",
    );
  }
  text.push("--", footer(message));
  html.push(`<p style="color:#59636e;font-size:12px">${escapeHtml(footer(message))}</p></body></html>`);
  return { subject, text: text.join("\n"), html: html.join("\n") };
}

export interface EmailTarget {
  config: EmailConfig;
  password: string | undefined;
  /** The PEM text of smtp.tls.caFile, read at start. */
  ca: string | undefined;
  label: string;
  secrets: readonly string[];
}

export function transportOptions(target: EmailTarget): SMTPTransport.Options {
  const { smtp, timeoutSeconds } = target.config;
  const timeoutMs = timeoutSeconds * 1000;
  const port = smtp.port ?? (smtp.security === "tls" ? 465 : smtp.security === "none" ? 25 : 587);
  return {
    host: smtp.host,
    port,
    secure: smtp.security === "tls",
    requireTLS: smtp.security === "starttls",
    ignoreTLS: smtp.security === "none",
    ...(smtp.user ? { auth: { user: smtp.user, pass: target.password ?? "" } } : {}),
    tls: {
      rejectUnauthorized: true,
      minVersion: smtp.tls?.minVersion ?? "TLSv1.2",
      ...(target.ca ? { ca: target.ca } : {}),
      ...(smtp.tls?.servername ? { servername: smtp.tls.servername } : {}),
    },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    name: "lakeward",
  };
}

export async function sendEmail(target: EmailTarget, message: OutgoingMessage): Promise<SendOutcome> {
  const content = emailContent(message, target.config.subjectPrefix);
  let transport: Transporter<SMTPTransport.SentMessageInfo> | undefined;
  const deadlineMs = target.config.timeoutSeconds * 1000 * 4;
  let timer: NodeJS.Timeout | undefined;
  try {
    transport = nodemailer.createTransport(transportOptions(target));
    const sending = transport.sendMail({
      from: target.config.from,
      to: target.config.to,
      subject: content.subject,
      text: content.text,
      html: content.html,
      headers: { "X-Lakeward-Delivery": message.deliveryId, "X-Mailer": `lakeward/${VERSION}` },
    });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error("deadline"), { code: "ETIMEDOUT" })), deadlineMs);
    });
    await Promise.race([sending, deadline]);
    return { ok: true, retryable: false };
  } catch (error) {
    return smtpFailure(error, target);
  } finally {
    if (timer) clearTimeout(timer);
    transport?.close();
  }
}

function smtpFailure(error: unknown, target: EmailTarget): SendOutcome {
  const { code, responseCode, message } = error as { code?: string; responseCode?: number; message?: string };
  const scrub = (text: string) => scrubSecrets(text, target.secrets).replace(/\s+/g, " ").trim().slice(0, 300);
  if (typeof responseCode === "number") {
    const what = code === "EAUTH" ? "authentication refused" : "the server refused the message";
    return {
      ok: false,
      retryable: responseCode >= 400 && responseCode < 500,
      smtpCode: responseCode,
      error: `${target.label}: ${what} (SMTP ${responseCode}: ${scrub(message ?? "")})`,
    };
  }
  const reason =
    code === "ETIMEDOUT"
      ? "no answer within the timeout"
      : code === "ECONNECTION" || code === "ESOCKET"
        ? `connection failed (${scrub(message ?? code)})`
        : code === "ETLS"
          ? `TLS failed (${scrub(message ?? code)})`
          : scrub(message ?? String(error));
  // A bad address or message is a configuration problem: retrying does not help.
  const permanent = code === "EENVELOPE" || code === "EMESSAGE";
  return { ok: false, retryable: !permanent, error: `${target.label}: ${reason}` };
}
