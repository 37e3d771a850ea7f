import type { PrivateEndpointConnection } from "../../evidence/model.ts";

/** Approved front-end (databricks_ui_api) private endpoint connections, and approved ones whose sub-resource is not stated. */
export function uiApiEndpoints(connections: readonly PrivateEndpointConnection[]) {
  const approved = connections.filter((connection) => connection.status.toLowerCase() === "approved");
  return {
    approvedUiApi: approved.filter((connection) =>
      connection.groupIds.some((group) => group.toLowerCase() === "databricks_ui_api"),
    ),
    approvedWithoutGroup: approved.filter((connection) => connection.groupIds.length === 0),
    notApproved: connections.filter((connection) => connection.status.toLowerCase() !== "approved"),
  };
}
