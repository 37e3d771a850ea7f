import { checkCases } from "../../../test/support/check-cases.ts";
import type { Catalog, UcSchema, WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-34-readable-by-all-users.ts";

type Grants = UcSchema["grants"];

/** The good evidence's catalog main (analysts: USE_CATALOG, USE_SCHEMA, SELECT) with schema sales and table orders. */
function sales(
  e: WorkspaceEvidence,
  grants: { catalog?: Grants; schema?: Grants; table?: Grants; volume?: Grants } = {},
): void {
  if (e.databricks.unityCatalog.catalogs.status !== "known") return;
  const main: Catalog = e.databricks.unityCatalog.catalogs.value[0]!;
  if (grants.catalog !== undefined) main.grants = grants.catalog;
  main.schemas = [
    {
      name: "sales",
      fullName: "main.sales",
      owner: "data-platform",
      grants: grants.schema ?? [],
      tables: [
        {
          name: "orders",
          fullName: "main.sales.orders",
          owner: "data-platform",
          tableType: "MANAGED",
          grants: grants.table ?? [],
        },
      ],
      volumes: [
        {
          name: "landing",
          fullName: "main.sales.landing",
          owner: "data-platform",
          volumeType: "MANAGED",
          grants: grants.volume ?? [],
        },
      ],
    },
  ];
}

const everyoneUses = [{ principal: "account users", privileges: ["USE_CATALOG"] }];

checkCases(check, [
  { name: "grants below the catalog go to named groups", status: "pass", edit: (e) => sales(e) },
  {
    name: "account users hold SELECT on the schema but cannot USE the catalog: no reach",
    status: "pass",
    edit: (e) => sales(e, { schema: [{ principal: "account users", privileges: ["USE_SCHEMA", "SELECT"] }] }),
  },
  {
    name: "account users hold USE CATALOG, and USE SCHEMA and SELECT on the schema",
    status: "fail",
    edit: (e) =>
      sales(e, {
        catalog: everyoneUses,
        schema: [{ principal: "account users", privileges: ["USE_SCHEMA", "SELECT"] }],
      }),
    resources: ["table main.sales.orders to account users"],
    message:
      /table main\.sales\.orders \(SELECT via schema main\.sales, USE_SCHEMA via schema main\.sales, USE_CATALOG via catalog main\)/,
  },
  {
    name: "users read a volume, with account users' USE CATALOG and USE SCHEMA",
    status: "fail",
    edit: (e) =>
      sales(e, {
        catalog: [{ principal: "account users", privileges: ["USE_CATALOG", "USE_SCHEMA"] }],
        volume: [{ principal: "users", privileges: ["READ_VOLUME"] }],
      }),
    resources: ["volume main.sales.landing to users"],
  },
  {
    name: "a table's grants not read",
    status: "unknown",
    edit: (e) => {
      sales(e, { catalog: everyoneUses });
      if (e.databricks.unityCatalog.catalogs.status === "known") {
        const orders = e.databricks.unityCatalog.catalogs.value[0]!.schemas![0]!.tables![0]!;
        orders.grants = null;
        orders.grantsUnread = "HTTP 403 PERMISSION_DENIED";
      }
    },
    message: /table main\.sales\.orders grants/,
  },
  {
    name: "the objects below catalogs not collected (an older snapshot)",
    status: "unknown",
    edit: (e) => {
      if (e.databricks.unityCatalog.catalogs.status === "known")
        delete e.databricks.unityCatalog.catalogs.value[0]!.schemas;
    },
    message: /catalog main schemas/,
  },
]);
