/**
 * Microsoft Teams through a Workflows webhook (the "Post to a channel when a webhook request is received"
 * template, which replaces the retired Office 365 connectors): an Adaptive Card in a message envelope.
 * The envelope is Microsoft's documented one (MicrosoftDocs/msteams-docs, webhooks-and-connectors/how-to/
 * connectors-using.md, "Send adaptive cards using an incoming webhook"): `type` "message", `attachments`
 * with `contentType` "application/vnd.microsoft.card.adaptive", `contentUrl` null and the card as
 * `content`. Only Action.OpenUrl is used (Action.Submit is not supported there). Card version 1.4, which
 * Teams renders on every client. The tests parse the card with Microsoft's Adaptive Cards SDK.
 *
 * Text from events is escaped for the card's Markdown, so a name from an audit log cannot become a link.
 */
import type { AlertEvent } from "../model.ts";
import {
  CHAT_DIGEST_LIMIT,
  CHAT_TEXT,
  countSummary,
  eventFacts,
  eventHeadline,
  footer,
  headline,
  type OutgoingMessage,
  orderEvents,
  testNotice,
  truncate,
} from "../render.ts";

type CardElement = Record<string, unknown> & { type: string };

export interface AdaptiveCard {
  $schema: string;
  type: "AdaptiveCard";
  version: string;
  body: CardElement[];
  actions?: CardElement[];
}

export interface TeamsMessage {
  type: "message";
  attachments: { contentType: "application/vnd.microsoft.card.adaptive"; contentUrl: null; content: AdaptiveCard }[];
}

/**
 * Backslash-escapes what the card's Markdown subset would interpret: link brackets, emphasis, code, and
 * the list and heading markers at the start of a line.
 */
export function escapeCardMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]])/g, "\\$1").replace(/^(\s*)([-+#>]|\d+\.)/gm, "$1\\$2");
}

const textBlock = (text: string, extra: Record<string, unknown> = {}): CardElement => ({
  type: "TextBlock",
  text: escapeCardMarkdown(truncate(text, 4000)),
  wrap: true,
  ...extra,
});

function color(event: AlertEvent): string {
  if (event.kind === "resolved") return "Good";
  if (event.severity === "critical" || event.severity === "high") return "Attention";
  return event.severity === "medium" ? "Warning" : "Default";
}

export function adaptiveCard(message: OutgoingMessage): AdaptiveCard {
  const [only] = message.events;
  const single = !message.digest && message.events.length === 1 && only;
  const body: CardElement[] = [
    textBlock(truncate(headline(message), CHAT_TEXT.line), {
      size: "Medium",
      weight: "Bolder",
      ...(single ? { color: color(single) } : {}),
    }),
  ];
  if (message.test) body.push(textBlock(testNotice(message.channel)));
  const actions: CardElement[] = [];
  if (single) {
    body.push(textBlock(truncate(single.summary || single.title, CHAT_TEXT.summary)));
    body.push({
      type: "FactSet",
      facts: eventFacts(single).map((fact) => ({
        title: fact.label,
        value: escapeCardMarkdown(truncate(fact.value, CHAT_TEXT.fact)),
      })),
    });
    if (single.link) actions.push({ type: "Action.OpenUrl", title: "Open in lakeward", url: single.link });
  } else {
    body.push(textBlock(countSummary(message.events)));
    const ordered = orderEvents(message.events);
    for (const event of ordered.slice(0, CHAT_DIGEST_LIMIT)) {
      body.push({
        type: "Container",
        separator: true,
        items: [
          textBlock(truncate(eventHeadline(event), CHAT_TEXT.line), { weight: "Bolder", color: color(event) }),
          textBlock(truncate(event.summary || event.title, CHAT_TEXT.lineSummary), { isSubtle: true, spacing: "None" }),
        ],
        ...(event.link ? { selectAction: { type: "Action.OpenUrl", title: "Open", url: event.link } } : {}),
      });
    }
    if (ordered.length > CHAT_DIGEST_LIMIT)
      body.push(
        textBlock(
          `…and ${ordered.length - CHAT_DIGEST_LIMIT} more: the e-mail digest, the webhook and the API list every one.`,
          { isSubtle: true },
        ),
      );
  }
  body.push(textBlock(footer(message), { isSubtle: true, size: "Small" }));
  return {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    body,
    ...(actions.length ? { actions } : {}),
  };
}

export function teamsMessage(message: OutgoingMessage): TeamsMessage {
  return {
    type: "message",
    attachments: [
      { contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: adaptiveCard(message) },
    ],
  };
}
