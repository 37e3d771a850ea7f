import { defineCheck, fail, listSome, notApplicable, pass, undetermined } from "../define.ts";
import { DAY_MS } from "../helpers.ts";
import { partialReader } from "./partial.ts";

export default defineCheck({
  meta: {
    id: "DATA-26",
    title: "Delta Sharing: recipient tokens expire (lifetime at most 90 days) and recipients have IP access lists",
    category: "data",
    severity: "high",
    profile: "high",
    threats: ["EX"],
    controls: ["DP-3", "IM-7"],
    mcsb: ["IM-8", "DP-2"],
    sat: ["GOV-17", "GOV-18", "GOV-19"],
    guide: ["Use Unity Catalog to enhance data governance"],
    sources: ["workspace-api"],
    rationale:
      "An open-sharing recipient authenticates with a bearer token in a downloadable credential file: whoever holds the file reads the shared data from anywhere. A token lifetime bounds how long a leaked file works (0 means never expires), and an IP access list on each token recipient restricts it to the partner's networks. Databricks-to-Databricks recipients authenticate with their own identity and need neither.",
    remediation: {
      ui: "Account console → Catalog → the metastore → Configuration: 'Set expiration' for recipient tokens (e.g. 90 days). Catalog Explorer → Delta Sharing → Shared by me → Recipients → each listed recipient → IP access list: add the partner's ranges.",
      terraform: `resource "databricks_metastore" "this" {
  # ...
  delta_sharing_scope                               = "INTERNAL_AND_EXTERNAL"
  delta_sharing_recipient_token_lifetime_in_seconds = 7776000 # 90 days
}

resource "databricks_recipient" "partner" {
  name                = "partner"
  authentication_type = "TOKEN"
  ip_access_list {
    allowed_ip_addresses = ["198.51.100.0/24"]
  }
}`,
    },
    thresholds: {
      maxTokenLifetimeDays: {
        default: 90,
        unit: "days",
        description: "longest allowed lifetime of a Delta Sharing recipient token",
      },
    },
  },
  evaluate(evidence, context) {
    const metastore = context.get("metastore summary", evidence.databricks.unityCatalog.metastore);
    if (!metastore) return notApplicable("no Unity Catalog metastore: Delta Sharing is not available");
    if (metastore.deltaSharingScope === null)
      return undetermined(`metastore ${metastore.name} does not report its Delta Sharing scope`);
    if (metastore.deltaSharingScope.toUpperCase() === "INTERNAL")
      return notApplicable(`metastore ${metastore.name} allows only internal Delta Sharing: no open-sharing tokens`);
    const maxDays = context.thresholds.maxTokenLifetimeDays ?? 90;
    const reader = partialReader(context);
    const problems: string[] = [];
    const offending: string[] = [];
    let unclear: string | undefined;
    const lifetime = metastore.recipientTokenLifetimeSeconds;
    if (lifetime === null) unclear = `metastore ${metastore.name} does not report the recipient token lifetime`;
    else if (lifetime === 0) {
      problems.push(`recipient tokens never expire on metastore ${metastore.name} (lifetime 0)`);
      offending.push(`metastore ${metastore.name}`);
    } else if (lifetime > maxDays * 86_400) {
      problems.push(
        `recipient tokens live ${Math.round((lifetime * 1000) / DAY_MS)} days on metastore ${metastore.name} (at most ${maxDays} allowed)`,
      );
      offending.push(`metastore ${metastore.name}`);
    }
    const recipients = reader.read("Delta Sharing recipients", evidence.databricks.unityCatalog.recipients);
    const tokenRecipients = (recipients ?? []).filter((r) => r.authenticationType.toUpperCase() === "TOKEN");
    const open = tokenRecipients.filter((r) => !r.ipAccessList?.length).map((r) => r.name);
    if (open.length) {
      problems.push(`${open.length} token recipient(s) without an IP access list: ${listSome(open)}`);
      offending.push(...open.map((name) => `recipient ${name}`));
    }
    if (problems.length) return fail(`${problems.join("; ")}${reader.note()}`, offending);
    reader.settle();
    if (unclear) return undetermined(unclear);
    return pass(
      `recipient tokens expire after ${Math.round(((lifetime ?? 0) * 1000) / DAY_MS)} days and ${
        tokenRecipients.length
          ? `all ${tokenRecipients.length} token recipient(s) have IP access lists`
          : "there are no token recipients"
      }`,
    );
  },
});
