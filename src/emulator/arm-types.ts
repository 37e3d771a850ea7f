/**
 * The emulator's ARM response bodies, typed with the vendor SDKs' own model types (@azure/arm-databricks
 * 2026-01-01, @azure/arm-monitor, @azure/arm-network), so that a property the real API lacks, or a misspelt
 * one, fails the type check (test/emulator-types.test.ts shows it with `@ts-expect-error`).
 *
 * The SDKs' top-level models are flattened (`workspace.parameters`, not `workspace.properties.parameters`),
 * but each has a `…Properties` model that is the wire's `properties` object, property for property: those
 * are used as they are, with `Wire<>` for what JSON changes (dates are strings, nothing is read-only).
 * Where the wire and the SDK model differ, the difference is written out and cited:
 *   - Databricks `Encryption` is `KeyName` / `keyversion` / `keyvaulturi` on the wire (the spec's property
 *     names; the SDK renames them), azure-rest-api-specs Microsoft.Databricks/Databricks/models.tsp;
 *   - nested network resources (security rules, routes, delegations) keep their own `properties` on the wire
 *     (SecurityRulePropertiesFormat, RoutePropertiesFormat, ServiceDelegationPropertiesFormat).
 */
import type {
  PrivateEndpointConnection,
  Sku,
  WorkspaceCustomParameters,
  WorkspaceProperties,
} from "@azure/arm-databricks";
import type { DiagnosticSettings, DiagnosticSettingsCategory } from "@azure/arm-monitor";
import type {
  NetworkSecurityGroupPropertiesFormat,
  RoutePropertiesFormat,
  RouteTablePropertiesFormat,
  SecurityRulePropertiesFormat,
  ServiceDelegationPropertiesFormat,
  SubnetPropertiesFormat,
} from "@azure/arm-network";

/** An SDK model as JSON carries it: dates as ISO strings, read-only properties present. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Wire<T[K]> }
      : T;

/** A reference to another resource, as ARM writes one inside a resource. */
export type ResourceRef = { id: string };

/** The DBFS root CMK parameter with the spec's wire names (the SDK's Encryption calls them keyName, …). */
export type WorkspaceEncryptionWire = {
  type?: string;
  value?: { keySource?: string; KeyName?: string; keyversion?: string; keyvaulturi?: string };
};

export type ArmWorkspaceParameters = Omit<Wire<WorkspaceCustomParameters>, "encryption"> & {
  encryption?: WorkspaceEncryptionWire;
};

export type ArmWorkspaceProperties = Omit<Wire<WorkspaceProperties>, "parameters" | "privateEndpointConnections"> & {
  parameters?: ArmWorkspaceParameters;
  privateEndpointConnections?: Wire<PrivateEndpointConnection>[];
};

/** Microsoft.Databricks/workspaces, api 2026-01-01 (TrackedResource + WorkspaceProperties). */
export type ArmWorkspace = {
  id: string;
  name: string;
  type: string;
  location: string;
  tags?: Record<string, string>;
  sku?: Wire<Sku>;
  properties: ArmWorkspaceProperties;
};

/** Microsoft.Insights/diagnosticSettings, api 2021-05-01-preview. */
export type ArmDiagnosticSetting = {
  id: string;
  name: string;
  type?: string;
  properties: Wire<DiagnosticSettings>;
};

/** Microsoft.Insights/diagnosticSettingsCategories, api 2021-05-01-preview. */
export type ArmDiagnosticCategory = {
  id: string;
  name: string;
  type: string;
  properties: Wire<DiagnosticSettingsCategory>;
};

export type ArmSubnet = {
  id: string;
  name: string;
  type?: string;
  properties: Omit<
    Wire<SubnetPropertiesFormat>,
    "networkSecurityGroup" | "routeTable" | "natGateway" | "delegations"
  > & {
    networkSecurityGroup?: ResourceRef;
    routeTable?: ResourceRef;
    natGateway?: ResourceRef;
    delegations?: { name: string; properties: Wire<ServiceDelegationPropertiesFormat> }[];
  };
};

export type ArmNetworkSecurityGroup = {
  id: string;
  name: string;
  type: string;
  location: string;
  properties: Omit<Wire<NetworkSecurityGroupPropertiesFormat>, "securityRules" | "defaultSecurityRules" | "subnets"> & {
    securityRules?: { name: string; properties: Wire<SecurityRulePropertiesFormat> }[];
  };
};

export type ArmRouteTable = {
  id: string;
  name: string;
  type: string;
  location: string;
  properties: Omit<Wire<RouteTablePropertiesFormat>, "routes" | "subnets"> & {
    routes?: { name: string; properties: Wire<RoutePropertiesFormat> }[];
  };
};
