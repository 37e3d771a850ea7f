/**
 * Slack incoming webhook: a Block Kit message. The shapes and limits are those of Slack's own type
 * definitions (@slack/types, block-kit/blocks.d.ts): a header's plain text ≤ 150 characters, a section's
 * text ≤ 3000, at most 10 fields of ≤ 2000 each, a context of ≤ 10 elements, ≤ 50 blocks a message
 * (docs.slack.dev, "Sending messages using incoming webhooks"; Block Kit reference). `text` is the
 * notification fallback Slack shows where blocks cannot be.
 *
 * Text from events (workspace names, principals from audit logs) is escaped for mrkdwn: `&`, `<`, `>`
 * become entities, so an attacker-chosen user name cannot become a link or an @channel mention.
 */
import type { ActionsBlock, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from "@slack/types";
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
  severityLabel,
  testNotice,
  truncate,
} from "../render.ts";

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A URL inside `<url|label>`: the characters that would end it are percent-encoded. */
const slackUrl = (url: string) => url.replace(/\|/g, "%7C").replace(/</g, "%3C").replace(/>/g, "%3E");

const header = (text: string): HeaderBlock => ({
  type: "header",
  text: { type: "plain_text", text: truncate(text, 150), emoji: false },
});
const context = (text: string): ContextBlock => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: truncate(escapeMrkdwn(text), 3000) }],
});
const linkButton = (url: string): ActionsBlock => ({
  type: "actions",
  elements: [{ type: "button", text: { type: "plain_text", text: "Open in lakeward" }, url, action_id: "open" }],
});

function eventSection(event: AlertEvent): SectionBlock {
  const fields = eventFacts(event)
    .slice(0, 10)
    .map((fact) => ({
      type: "mrkdwn" as const,
      text: truncate(`*${fact.label}*\n${escapeMrkdwn(truncate(fact.value, CHAT_TEXT.fact))}`, 2000),
    }));
  return {
    type: "section",
    text: {
      type: "mrkdwn",
      text: truncate(escapeMrkdwn(truncate(event.summary || event.title, CHAT_TEXT.summary)), 3000),
    },
    fields,
  };
}

export function slackMessage(message: OutgoingMessage): SlackMessage {
  const blocks: KnownBlock[] = [header(headline(message))];
  if (message.test)
    blocks.push({ type: "section", text: { type: "mrkdwn", text: escapeMrkdwn(testNotice(message.channel)) } });
  const [only] = message.events;
  if (!message.digest && message.events.length === 1 && only) {
    blocks.push(eventSection(only));
    if (only.link) blocks.push(linkButton(only.link));
  } else {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: escapeMrkdwn(countSummary(message.events)) } });
    const ordered = orderEvents(message.events);
    for (const event of ordered.slice(0, CHAT_DIGEST_LIMIT)) {
      const line = `*${severityLabel(event.severity)}* ${escapeMrkdwn(truncate(eventHeadline(event).replace(/^\w+ · /, ""), CHAT_TEXT.line))}`;
      const link = event.link ? ` · <${slackUrl(event.link)}|open>` : "";
      blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(`${line}${link}`, 3000) } });
    }
    if (ordered.length > CHAT_DIGEST_LIMIT)
      blocks.push(
        context(
          `…and ${ordered.length - CHAT_DIGEST_LIMIT} more: the e-mail digest, the webhook and the API list every one.`,
        ),
      );
  }
  blocks.push(context(footer(message)));
  return { text: truncate(headline(message), 3000), blocks };
}
