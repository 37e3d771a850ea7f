/**
 * Coverage: for each recommendation of the guide's configuration reference, each ASB v2 control of the
 * baseline, each Microsoft cloud security benchmark v1 control and each CIS §2.1 item, the checks (and attested manual checks) that cover it. Derived from
 * check metadata only, so it cannot drift from what the checks claim.
 */
import type { Check } from "../checks/types.ts";
import { ASB_CONTROLS, type AsbControl } from "./asb.ts";
import { CIS_ITEMS, type CisItem, GUIDE_SECTIONS, type Tier } from "./guide.ts";
import { MCSB_CONTROLS, type McsbControl } from "./mcsb.ts";

export interface CoverageRow {
  id: string;
  title: string;
  /** Checks judged from evidence. */
  checks: string[];
  /** Manual checks answered by attestation. */
  attested: string[];
  /** Audit-log detections (ASB controls only: the guide and CIS ask for configuration). */
  detections?: string[];
}

export interface Coverage {
  guide: (CoverageRow & { tier: Tier })[];
  asb: (CoverageRow & { responsibility: AsbControl["responsibility"]; guidance: boolean })[];
  mcsb: (CoverageRow & { domain: McsbControl["domain"]; baseline?: string })[];
  cis: (CoverageRow & Pick<CisItem, "versions" | "assessment" | "level">)[];
}

function split(checks: readonly Check[]) {
  return {
    checks: checks.filter((c) => !c.meta.sources.includes("attestation")).map((c) => c.meta.id),
    attested: checks.filter((c) => c.meta.sources.includes("attestation")).map((c) => c.meta.id),
  };
}

/** A detection as coverage needs it (src/detect/detections). */
export interface DetectionRef {
  meta: { id: string; controls: readonly string[] };
}

export function coverage(checks: readonly Check[], detections: readonly DetectionRef[] = []): Coverage {
  return {
    guide: GUIDE_SECTIONS.map((section) => ({
      id: section.title,
      title: section.title,
      tier: section.tier,
      ...split(checks.filter((c) => (c.meta.guide as readonly string[]).includes(section.title))),
    })),
    asb: ASB_CONTROLS.map((control) => ({
      id: control.id,
      title: control.title,
      responsibility: control.responsibility,
      guidance: control.guidance,
      ...split(checks.filter((c) => c.meta.controls.includes(control.id))),
      detections: detections.filter((d) => d.meta.controls.includes(control.id)).map((d) => d.meta.id),
    })),
    mcsb: MCSB_CONTROLS.map((control) => ({
      id: control.id,
      title: control.title,
      domain: control.domain,
      ...(control.baseline ? { baseline: control.baseline } : {}),
      ...split(checks.filter((c) => c.meta.mcsb.includes(control.id))),
    })),
    cis: CIS_ITEMS.map((item) => ({
      id: item.id,
      title: item.title,
      versions: item.versions,
      assessment: item.assessment,
      level: item.level,
      ...split(checks.filter((c) => c.meta.cis?.includes(item.id))),
    })),
  };
}

export const isCovered = (row: CoverageRow) =>
  row.checks.length + row.attested.length + (row.detections?.length ?? 0) > 0;
