/**
 * Small pieces every HTML view is built from — status badges, score bars and the gauge, count chips, the
 * ids that link one view to another — so the report and the dashboard draw them the same way.
 */

import { DISPLAY_LABEL, type DisplayStatus } from "../shared.ts";
import { ROLLUP_LABEL, type Rollup } from "../views.ts";
import { html, type SafeHtml } from "./escape.ts";

export function badge(status: DisplayStatus | Rollup, label?: string): SafeHtml {
  const text =
    label ?? (status in DISPLAY_LABEL ? DISPLAY_LABEL[status as DisplayStatus] : ROLLUP_LABEL[status as Rollup]);
  return html`<span class="badge s-${status}">${status === "unknown" ? `⚠ ${text}` : text}</span>`;
}

export function scoreClass(score: number): string {
  return score >= 90 ? "good" : score >= 60 ? "mid" : "bad";
}

export function scoreBar(score: number | null): SafeHtml {
  if (score === null) return html`<span class="muted" title="nothing could be judged">—</span>`;
  return html`<svg class="scorebar" width="80" height="8" viewBox="0 0 100 8" aria-hidden="true"><rect class="track" x="0" y="0" width="100" height="8" rx="2"></rect><rect class="${scoreClass(score)}" x="0" y="0" width="${score}" height="8" rx="2"></rect></svg> <b>${score}</b>`;
}

export function gauge(score: number | null): SafeHtml {
  const radius = 36;
  const circumference = 2 * Math.PI * radius;
  const filled = score === null ? 0 : (circumference * score) / 100;
  const color = score === null ? "#b0bec5" : score >= 90 ? "#2e7d32" : score >= 60 ? "#f9a825" : "#c62828";
  return html`<svg class="gauge" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${score === null ? "no score" : `score ${score} of 100`}">
<circle cx="48" cy="48" r="${radius}" fill="none" stroke="#e6eaee" stroke-width="10"></circle>
<circle cx="48" cy="48" r="${radius}" fill="none" stroke="${color}" stroke-width="10" stroke-dasharray="${filled.toFixed(1)} ${circumference.toFixed(1)}" transform="rotate(-90 48 48)"></circle>
<text x="48" y="56" text-anchor="middle">${score === null ? "—" : String(score)}</text></svg>`;
}

export function countChips(counts: Record<string, number>, suppressed: number): SafeHtml {
  const chips: SafeHtml[] = [];
  const fail = (counts.fail ?? 0) - suppressed;
  if (fail) chips.push(badge("fail", `${fail} fail`));
  if (counts.unknown) chips.push(badge("unknown", `${counts.unknown} unknown`));
  if (suppressed) chips.push(badge("suppressed", `${suppressed} suppressed`));
  if (counts.manual) chips.push(badge("manual", `${counts.manual} manual`));
  chips.push(badge("pass", `${counts.pass ?? 0} pass`));
  if (counts.not_applicable) chips.push(badge("not_applicable", `${counts.not_applicable} n/a`));
  return html`<div class="chips">${chips}</div>`;
}

const idPart = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, "_");

/** The anchor of one workspace's result of a check. */
export function findingId(workspaceIndex: number, checkId: string): string {
  return `finding-${workspaceIndex}-${idPart(checkId)}`;
}

/** The anchor of a check's group in the findings. */
export function checkGroupId(checkId: string): string {
  return `check-${idPart(checkId)}`;
}
