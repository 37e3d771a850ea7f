import { describe, expect, it } from "vitest";
import { isUnresolved, Unresolved, type Value } from "../hcl/value.ts";
import { type ArmScope, evaluateArm } from "./expressions.ts";

const scope: ArmScope = {
  parameter: (name) =>
    (({ name: "ws", tier: "premium", on: true }) as Record<string, Value>)[name] ??
    new Unresolved(`parameters('${name}') has no value`),
  variable: (name) => (name === "prefix" ? "adb" : new Unresolved(`variables('${name}') is not defined`)),
};

describe("ARM template expressions", () => {
  it.each([
    ["[concat(variables('prefix'), '-', parameters('name'))]", "adb-ws"],
    ["[format('{0}-{1}', parameters('name'), 3)]", "ws-3"],
    ["[if(equals(parameters('tier'), 'premium'), 'Disabled', 'Enabled')]", "Disabled"],
    ["[and(parameters('on'), not(empty(parameters('name'))))]", true],
    ["[or(equals(1, 2), contains('abc', 'B'))]", true],
    ["[toLower('ABC')]", "abc"],
    [
      "[resourceId('Microsoft.Databricks/workspaces', parameters('name'))]",
      "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Databricks/workspaces/ws",
    ],
    ["[createObject('a', 1).a]", 1],
    ["[json('{\"x\":[1,2]}').x[1]]", 2],
    ["[length(createArray(1, 2, 3))]", 3],
    ["[[not an expression]", "[not an expression]"],
    ["plain", "plain"],
    ["['it''s']", "it's"],
  ])("%s", (expression, expected) => {
    expect(evaluateArm(expression, scope)).toEqual(expected);
  });

  it("values known only at deployment are unknown with the reason", () => {
    const rg = evaluateArm("[resourceGroup().location]", scope);
    expect(isUnresolved(rg) && rg.reason).toMatch(/resourceGroup\(\)\.location is known only at deployment/);
    const missing = evaluateArm("[parameters('sku')]", scope);
    expect(isUnresolved(missing) && missing.reason).toMatch(/has no value/);
    const bad = evaluateArm("[concat('a', ]", scope);
    expect(isUnresolved(bad) && bad.reason).toMatch(/does not parse/);
  });
});
