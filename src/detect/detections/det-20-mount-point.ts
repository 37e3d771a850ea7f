/** DET-20: a DBFS mount point created. */
import { eventAlerts, SUCCEEDED } from "./common.ts";
import { defineDetection } from "./types.ts";

export default defineDetection({
  meta: {
    id: "DET-20",
    title: "DBFS mount point created",
    severity: "medium",
    threats: ["EX", "IN"],
    controls: ["DP-2", "IM-7", "LT-1", "IR-3"],
    thresholds: {},
    rationale:
      "A mount makes a storage container readable by every user of the workspace through DBFS, with the credentials it was mounted with and none of Unity Catalog's grants or auditing. New mounts are how data escapes governance — and how an intruder wires in storage of their own.",
    response:
      "Ask the creator what the mount is for; replace it with a Unity Catalog external location or volume, unmount it (`dbutils.fs.unmount`), and rotate the credential it was created with if that credential was a key or a SAS.",
    logic:
      "Successful `mount` (service `dbfs`). The evidence names the mount point and its source; the mount's extra configuration, which may hold keys, is never shown. One alert per mount.",
    references: ["Databricks SRA: mount_point_creation"],
    evidenceParams: ["mountPoint", "source", "owner"],
    facts: ["mount_point", "source"],
  },
  scope: () => "action_name = 'mount'",
  sql: (ctx) =>
    eventAlerts(ctx, {
      where: `action_name = 'mount' AND ${SUCCEEDED}`,
      facts: { mount_point: "request_params['mountPoint']", source: "request_params['source']" },
    }),
  summarize: ({ principal, facts }) =>
    `${principal} mounted ${facts.source ?? "a storage location"} at ${facts.mount_point ?? "an unnamed mount point"}`,
});
