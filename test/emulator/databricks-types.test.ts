/**
 * The emulator's Databricks bodies are typed with the JS SDK's models (src/emulator/databricks-types.ts), so
 * a field the real API does not have, a misspelt one or a value outside an enum fails `tsc` (run by
 * `npm test` before vitest). Each `@ts-expect-error` below is such a body: if the type stopped refusing it,
 * tsc would fail on the unused directive. The runtime part shows the personas' bodies, so typed, are what
 * the collectors' validation accepts.
 */
import type { compute, jobs } from "@databricks/sdk-experimental";
import { describe, expect, it } from "vitest";
import type { DatabricksWorkspaceData, WorkspaceSettings } from "../../src/emulator/databricks-types.ts";
import { buildPersona, PERSONA_NAMES } from "../../src/emulator/personas.ts";
import {
  clustersPageSchema,
  jobSchema,
  metastoreSummarySchema,
  settingSchemas,
  tokensSchema,
} from "../../src/sources/databricks/schemas.ts";

describe("emulator Databricks bodies are typed with the SDK models", () => {
  it("refuses a field the model lacks, a misspelt one and a value outside an enum", () => {
    const cluster: compute.ClusterDetails = { cluster_id: "c", data_security_mode: "USER_ISOLATION" };
    const outsideEnum: compute.ClusterDetails = {
      // @ts-expect-error compute.DataSecurityMode has no "ISOLATED" (USER_ISOLATION is the shared mode)
      data_security_mode: "ISOLATED",
    };
    const baseJob: jobs.BaseJob = {
      job_id: 1,
      // @ts-expect-error run_as_user_name is on jobs.Job (jobs/get) only, not on jobs/list's BaseJob
      run_as_user_name: "a@b",
    };
    const summary: DatabricksWorkspaceData["unityCatalog"]["summary"] = {
      metastore_id: "m",
      // @ts-expect-error GetMetastoreSummaryResponse has no workspace_id (the assignment has)
      workspace_id: "1",
    };
    const setting: WorkspaceSettings = {
      // @ts-expect-error the field is enhanced_security_monitoring_workspace
      shield_esm_enablement_ws_db: { enhanced_security_monitoring: { is_enabled: true } },
    };
    const repos: DatabricksWorkspaceData["repos"] = [
      // @ts-expect-error workspace.RepoInfo spells it head_commit_id
      { id: 1, path: "/Repos/a/b", head_commit: "abc" },
    ];
    expect([cluster, outsideEnum, baseJob, summary, setting, repos]).toHaveLength(6);
  });

  it("every persona's typed bodies pass the collectors' validation", () => {
    for (const name of PERSONA_NAMES) {
      const ws = buildPersona(name, Date.UTC(2026, 11, 1));
      expect(clustersPageSchema.safeParse({ clusters: ws.clusters }).success, name).toBe(true);
      expect(tokensSchema.safeParse({ token_infos: ws.tokens }).success, name).toBe(true);
      for (const job of ws.jobs) expect(jobSchema.safeParse(job).success, `${name} job ${job.job_id}`).toBe(true);
      if (ws.unityCatalog.summary)
        expect(metastoreSummarySchema.safeParse(ws.unityCatalog.summary).success, name).toBe(true);
      for (const [type, body] of Object.entries(ws.settings)) {
        const schema = settingSchemas[type as keyof typeof settingSchemas];
        if (body && schema) expect(schema.safeParse({ etag: "e", ...body }).success, `${name} ${type}`).toBe(true);
      }
    }
  });
});
