import { describe, expect, it } from "vitest";
import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check, { allowsEverything } from "./gov-12-artifact-allowlist.ts";

checkCases(check, [
  { name: "specific prefixes", status: "pass", message: /LIBRARY_JAR: \/Volumes\/main\/ops\/jars\// },
  {
    name: "empty lists admit nothing",
    status: "pass",
    edit: (e) => void (e.databricks.unityCatalog.artifactAllowlists = k({ LIBRARY_JAR: [], LIBRARY_MAVEN: [] })),
    message: /nothing allowed/,
  },
  {
    name: "all of /Volumes",
    status: "fail",
    edit: (e) =>
      void (e.databricks.unityCatalog.artifactAllowlists = k({
        LIBRARY_JAR: ["/Volumes/"],
        LIBRARY_MAVEN: ["com.example:"],
      })),
    resources: ['LIBRARY_JAR: "/Volumes/"'],
  },
  {
    name: "any Maven coordinate and any abfss path",
    status: "fail",
    edit: (e) =>
      void (e.databricks.unityCatalog.artifactAllowlists = k({
        INIT_SCRIPT: ["abfss://"],
        LIBRARY_JAR: ["/Volumes/main/ops/jars/"],
        LIBRARY_MAVEN: ["*"],
      })),
    message: /2 allowlist entries admit any artifact/,
  },
  {
    name: "a list type not read",
    status: "unknown",
    edit: (e) => void (e.databricks.unityCatalog.artifactAllowlists = k({ LIBRARY_JAR: ["/Volumes/main/ops/jars/"] })),
    message: /LIBRARY_MAVEN/,
  },
  {
    name: "no metastore",
    status: "fail",
    edit: (e) => void (e.databricks.unityCatalog.assignment = k(null)),
    message: /DATA-10/,
  },
  {
    name: "allowlists unreadable",
    status: "unknown",
    edit: (e) => void (e.databricks.unityCatalog.artifactAllowlists = u()),
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);

describe("allowsEverything", () => {
  it.each(["", "*", "/", "dbfs:/", "abfss://", "https://", "/Volumes", "/Volumes/*", "/Workspace/"])(
    "%s is too broad",
    (entry) => {
      expect(allowsEverything("LIBRARY_JAR", entry)).toBe(true);
    },
  );
  it.each(["/Volumes/main/libs/", "abfss://jars@lake.dfs.core.windows.net/approved/"])("%s is specific", (entry) => {
    expect(allowsEverything("LIBRARY_JAR", entry)).toBe(false);
  });
  it("reads Maven entries as coordinate prefixes", () => {
    expect(allowsEverything("LIBRARY_MAVEN", "com.example:")).toBe(false);
    expect(allowsEverything("LIBRARY_MAVEN", "*")).toBe(true);
  });
});
