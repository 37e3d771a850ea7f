/** The permission model lives in src/catalogue/permissions.ts (checks explain and docs read it too). */
export { ARM_ACTIONS, addSource, emptyReads, GRAPH_PERMISSIONS, type Reads } from "../../src/catalogue/permissions.ts";
