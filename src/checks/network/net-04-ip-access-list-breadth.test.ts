import { describe, expect, it } from "vitest";
import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { IpAccessList } from "../../evidence/model.ts";
import check, { prefixOf } from "./net-04-ip-access-list-breadth.ts";

const allow = (...addresses: string[]): IpAccessList[] => [
  { id: "1", label: "corp", type: "ALLOW", addresses, enabled: true },
];

checkCases(check, [
  { name: "narrow /24", status: "pass" },
  {
    name: "single addresses and a /16",
    status: "pass",
    edit: (e) => void (e.databricks.ipAccessLists = k(allow("198.51.100.7", "10.1.0.0/16", "2001:db8::/48"))),
  },
  {
    name: "the whole internet",
    status: "fail",
    edit: (e) => void (e.databricks.ipAccessLists = k(allow("0.0.0.0/0"))),
    message: /0\.0\.0\.0\/0/,
    resources: ["corp: 0.0.0.0/0"],
  },
  { name: "IPv6 everything", status: "fail", edit: (e) => void (e.databricks.ipAccessLists = k(allow("::/0"))) },
  {
    name: "a /8",
    status: "fail",
    edit: (e) => void (e.databricks.ipAccessLists = k(allow("203.0.113.0/24", "10.0.0.0/8"))),
    message: /1 ALLOW entry/,
  },
  {
    name: "a /12 passes with a looser threshold",
    status: "pass",
    thresholds: { minPrefixV4: 12 },
    edit: (e) => void (e.databricks.ipAccessLists = k(allow("172.16.0.0/12"))),
  },
  {
    name: "broad BLOCK lists are fine",
    status: "pass",
    edit: (e) =>
      void (e.databricks.ipAccessLists = k([
        ...allow("203.0.113.0/24"),
        { id: "2", label: "block", type: "BLOCK", addresses: ["0.0.0.0/0"], enabled: true },
      ])),
  },
  {
    name: "garbage entry",
    status: "unknown",
    edit: (e) => void (e.databricks.ipAccessLists = k(allow("not-an-ip"))),
    message: /not IP addresses/,
  },
  { name: "lists unreadable", status: "unknown", edit: (e) => void (e.databricks.ipAccessLists = u()) },
  { name: "no ALLOW list", status: "not_applicable", edit: (e) => void (e.databricks.ipAccessLists = k([])) },
  {
    name: "standard SKU: no token management",
    status: "not_applicable",
    edit: (e) => void (e.azure.sku = k("standard")),
  },
]);

describe("prefixOf", () => {
  it.each([
    ["10.0.0.0/8", { version: 4, prefix: 8 }],
    ["192.0.2.1", { version: 4, prefix: 32 }],
    ["2001:db8::/32", { version: 6, prefix: 32 }],
    ["::1", { version: 6, prefix: 128 }],
  ])("%s", (entry, expected) => expect(prefixOf(entry)).toEqual(expected));
  it.each(["10.0.0.0/33", "hello", "10.0.0/8", "10.0.0.0/x"])("rejects %s", (entry) =>
    expect(prefixOf(entry)).toBeUndefined(),
  );
});
