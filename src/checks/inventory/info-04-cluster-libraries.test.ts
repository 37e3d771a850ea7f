import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./info-04-cluster-libraries.ts";

checkCases(check, [
  {
    name: "one PyPI library from a private index",
    status: "pass",
    message: /1 library on 1 cluster\(s\): pypi 1/,
    resources: ["shared: pypi pypi:requests==2.32.3 (index https://pkgs.example.com/simple)"],
  },
  {
    name: "cluster names unknown: ids used",
    status: "pass",
    edit: (e) => void (e.databricks.clusters = u()),
    resources: ["0101-000000-good0001: pypi pypi:requests==2.32.3 (index https://pkgs.example.com/simple)"],
  },
  {
    name: "no libraries",
    status: "pass",
    edit: (e) => void (e.databricks.clusterLibraries = k([{ clusterId: "c1", libraries: [] }])),
    message: /no libraries/,
  },
  {
    name: "a JAR on the DBFS root",
    status: "fail",
    edit: (e) =>
      void (e.databricks.clusterLibraries = k([
        {
          clusterId: "0101-000000-good0001",
          libraries: [
            { kind: "jar", source: "dbfs:/FileStore/jars/udf.jar" },
            { kind: "whl", source: "dbfs:/Volumes/main/ops/libs/tool-1.0-py3-none-any.whl" },
          ],
        },
      ])),
    message: /1 installed from the DBFS root.*shared: jar dbfs:\/FileStore\/jars\/udf\.jar/,
    resources: ["shared: whl dbfs:/Volumes/main/ops/libs/tool-1.0-py3-none-any.whl"],
  },
  // Otherwise inventory only: the judgement of sources is GOV-12's.
  { name: "libraries unreadable", status: "unknown", edit: (e) => void (e.databricks.clusterLibraries = u()) },
]);
