/**
 * The payloads each chat channel posts, checked against the vendors' own definitions: Slack's Block Kit
 * limits as documented in @slack/types (block-kit/blocks.d.ts; the code also type-checks against its
 * KnownBlock), and Teams' Adaptive Card parsed and validated by Microsoft's Adaptive Cards SDK, inside
 * the message envelope of MicrosoftDocs/msteams-docs connectors-using.md.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { sampleEvent } from "../../../test/support/delivery-log-contract.ts";
import type { AlertEvent } from "../model.ts";
import type { OutgoingMessage } from "../render.ts";
import { emailContent } from "./email.ts";
import { escapeMrkdwn, slackMessage } from "./slack.ts";
import { adaptiveCard, escapeCardMarkdown, teamsMessage } from "./teams.ts";

// The SDK's ESM build has extension-less imports Node cannot resolve; its UMD bundle loads fine.
const AdaptiveCards = createRequire(import.meta.url)(
  "adaptivecards/dist/adaptivecards.js",
) as typeof import("adaptivecards");

const { finding: _finding, ...posture } = sampleEvent();
/** A detection alert whose audit-log fields were chosen by an attacker. */
const hostile: AlertEvent = {
  ...posture,
  kind: "detection_alert",
  severity: "critical",
  title: "DET-07 Admin rights granted",
  summary: "<!channel> [click me](https://evil.example) *now* & <https://evil.example|login>",
  workspace: { key: "ws", name: "prod_<b>", host: null, resourceId: null, tags: {} },
  detection: {
    id: "DET-07-0123456789ab",
    detectionId: "DET-07",
    title: "Admin rights granted",
    severity: "critical",
    threats: [],
    controls: [],
    summary: "x was added to admins",
    principal: "<@U123>",
    sourceIp: "203.0.113.9",
    firstSeen: "2026-12-01T09:58:00.000Z",
    lastSeen: "2026-12-01T09:59:00.000Z",
    eventCount: 2,
    facts: {},
    events: [],
  },
  link: "http://127.0.0.1:8080/alerts/1?a=1|b",
};

const message = (events: AlertEvent[], extra: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  deliveryId: "d-1",
  channel: "sec",
  attempt: 1,
  events,
  digest: null,
  test: false,
  sentAt: "2026-12-01T10:00:05.000Z",
  ...extra,
});

const many = Array.from({ length: 60 }, (_, i) =>
  sampleEvent({ id: `k${i}`, title: `NET-03 failure ${i}`, severity: i % 7 === 0 ? "critical" : "medium" }),
);

/** Block Kit limits from @slack/types' documentation comments. */
function slackProblems(payload: ReturnType<typeof slackMessage>): string[] {
  const problems: string[] = [];
  if (payload.blocks.length > 50) problems.push(`${payload.blocks.length} blocks (max 50)`);
  if (!payload.text) problems.push("no fallback text");
  for (const [i, block] of payload.blocks.entries()) {
    if (block.type === "header") {
      if (block.text.type !== "plain_text") problems.push(`${i}: header text must be plain_text`);
      if (block.text.text.length > 150) problems.push(`${i}: header text over 150`);
    } else if (block.type === "section") {
      if (!block.text && !block.fields) problems.push(`${i}: section without text or fields`);
      if (block.text && (block.text.text.length < 1 || block.text.text.length > 3000))
        problems.push(`${i}: section text length`);
      if ((block.fields?.length ?? 0) > 10) problems.push(`${i}: more than 10 fields`);
      for (const field of block.fields ?? []) if (field.text.length > 2000) problems.push(`${i}: field over 2000`);
    } else if (block.type === "context") {
      if (block.elements.length < 1 || block.elements.length > 10) problems.push(`${i}: context elements`);
    } else if (block.type === "actions") {
      if (block.elements.length > 25) problems.push(`${i}: more than 25 actions`);
      for (const element of block.elements)
        if (element.type === "button" && (element.text.text.length > 75 || (element.url?.length ?? 0) > 3000))
          problems.push(`${i}: button text/url length`);
    } else {
      problems.push(`${i}: unexpected block ${block.type}`);
    }
  }
  return problems;
}

describe("Slack Block Kit message", () => {
  it("one event: header, text and fields, a link button, a footer — within Slack's limits", () => {
    const payload = slackMessage(message([hostile]));
    expect(slackProblems(payload)).toEqual([]);
    expect(payload.blocks.map((b) => b.type)).toEqual(["header", "section", "actions", "context"]);
    expect(payload.text).toBe("CRITICAL · Detection alert: DET-07 Admin rights granted — prod_<b>");
    const section = payload.blocks[1] as { text: { text: string }; fields: { text: string }[] };
    // No live mention, no link markup from event text.
    expect(section.text.text).toBe(
      "&lt;!channel&gt; [click me](https://evil.example) *now* &amp; &lt;https://evil.example|login&gt;",
    );
    expect(section.fields.map((f) => f.text)).toContain("*Principal*\n&lt;@U123&gt;");
    expect(JSON.stringify(payload)).not.toMatch(/<!channel>|<@U123>/);
  });

  it("a digest of 60 events: counts, the 20 most severe, and how many more — still within the limits", () => {
    const payload = slackMessage(message(many, { digest: { schedule: "0 8 * * *", timezone: "UTC" } }));
    expect(slackProblems(payload)).toEqual([]);
    expect(payload.blocks).toHaveLength(1 + 1 + 20 + 1 + 1);
    const texts = payload.blocks.map((b) => ("text" in b && b.text && typeof b.text === "object" ? b.text.text : ""));
    expect(texts[0]).toBe("lakeward digest: 60 alerts (9 critical, 51 medium)");
    expect(texts.slice(2, 11).every((t) => t.startsWith("*CRITICAL*"))).toBe(true);
    expect(JSON.stringify(payload.blocks.at(-2))).toContain("…and 40 more");
  });

  it("escapes mrkdwn control characters", () => {
    expect(escapeMrkdwn("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });
});

describe("Teams Adaptive Card", () => {
  const validate = (card: object) => {
    const parsed = new AdaptiveCards.AdaptiveCard();
    const context = new AdaptiveCards.SerializationContext();
    parsed.parse(card, context);
    const events = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
    const validation = parsed.validateProperties().validationEvents.map((e) => e.message);
    return { events, validation, roundTrip: parsed.toJSON() };
  };

  it("one event: the documented envelope around a card Microsoft's SDK parses without a warning", () => {
    const payload = teamsMessage(message([hostile]));
    expect(payload.type).toBe("message");
    expect(payload.attachments).toHaveLength(1);
    expect(payload.attachments[0]).toMatchObject({
      contentType: "application/vnd.microsoft.card.adaptive",
      contentUrl: null,
    });
    const card = payload.attachments[0]!.content;
    const result = validate(card);
    expect(result.events).toEqual([]);
    expect(result.validation).toEqual([]);
    // Nothing we send is dropped by the parser: every element and property is part of the schema.
    expect(JSON.parse(JSON.stringify(result.roundTrip))).toMatchObject({
      type: "AdaptiveCard",
      version: "1.4",
      body: card.body.map((element) => ({ type: element.type })),
      actions: [{ type: "Action.OpenUrl", url: hostile.link }],
    });
    expect(card.body[0]).toMatchObject({ type: "TextBlock", weight: "Bolder", color: "Attention" });
    // The validator does object: an unknown element or a bad property value is reported.
    expect(validate({ ...card, body: [{ type: "Bogus" }] }).events).not.toEqual([]);
    expect(validate({ ...card, body: [{ type: "TextBlock", text: "x", color: "Purple" }] }).events).not.toEqual([]);
    expect(JSON.stringify(card)).not.toContain("[click me](https");
  });

  it("a digest of 60 events: one container per listed event, parsed without a warning", () => {
    const card = adaptiveCard(message(many, { digest: { schedule: "0 8 * * *", timezone: "UTC" } }));
    const result = validate(card);
    expect(result.events).toEqual([]);
    expect(result.validation).toEqual([]);
    expect(card.body.filter((e) => e.type === "Container")).toHaveLength(20);
    expect(JSON.stringify(card)).toContain("…and 40 more");
  });

  it("escapes the card's Markdown", () => {
    expect(escapeCardMarkdown("[x](y) *b* _i_ `c`")).toBe("\\[x\\](y) \\*b\\* \\_i\\_ \\`c\\`");
    expect(escapeCardMarkdown("- item\n1. first")).toBe("\\- item\n\\1. first");
  });
});

describe("the worst case stays inside the receivers' size limits", () => {
  const long = (what: string) => `${what} `.repeat(2500);
  const huge: AlertEvent = sampleEvent({
    title: long("title"),
    summary: long("summary"),
    changes: Array.from({ length: 20 }, (_, i) => ({
      path: long(`path${i}`),
      before: long("before"),
      after: long("after"),
      actor: long("actor"),
      actorTime: null,
      sourceIp: null,
      requestId: null,
    })),
    problems: Array.from({ length: 20 }, () => ({ source: long("source"), message: long("message") })),
    link: "http://127.0.0.1:8080/findings/1",
  });
  const hugeDigest = Array.from({ length: 60 }, (_, i) => ({ ...huge, id: `k${i}` }));

  it.each([
    ["one event", message([huge])],
    ["a digest", message(hugeDigest, { digest: { schedule: "0 8 * * *", timezone: "UTC" } })],
  ])("%s: Teams under 28 KB, Slack under 40,000 characters of text and 50 blocks", (_name, outgoing) => {
    const teams = JSON.stringify(teamsMessage(outgoing));
    expect(Buffer.byteLength(teams)).toBeLessThan(28 * 1024);
    const slack = slackMessage(outgoing);
    expect(slackProblems(slack)).toEqual([]);
    const texts = JSON.stringify(slack).length;
    expect(texts).toBeLessThan(40_000);
  });
});

describe("e-mail content", () => {
  it("says the same in text and HTML, escapes HTML, keeps CR/LF out of the subject and links only http(s)", () => {
    const content = emailContent(
      message([{ ...hostile, title: "evil\r\nBcc: victim@example.com", link: "http://127.0.0.1/x" }]),
      "[lakeward]",
    );
    expect(content.subject).not.toMatch(/[\r\n]/);
    expect(content.subject).toBe("[lakeward] CRITICAL · Detection alert: evil Bcc: victim@example.com — prod_<b>");
    expect(content.html).not.toContain("<b>");
    expect(content.html).toContain("prod_&lt;b&gt;");
    expect(content.text).toContain("Principal: <@U123>");
    const noLink = emailContent(message([sampleEvent({ link: "javascript:alert(1)" })]), "[x]");
    expect(noLink.html).not.toContain("javascript:");
  });

  it("a test message says it is a test", () => {
    const content = emailContent(message([sampleEvent()], { test: true }), "[lakeward]");
    expect(content.subject.startsWith("[lakeward] [TEST] ")).toBe(true);
    expect(content.text).toContain("This is a test alert");
  });
});
