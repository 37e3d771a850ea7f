/**
 * What the Databricks mappers share for one workspace: the databricks_* resources attached to it, how a
 * list of declared objects becomes a fact, and the lookups into the rest of the configuration.
 */
import { type Fact, type SourceLocation, unknown } from "../../evidence/fact.ts";
import { declared, notDeclarable } from "../evidence.ts";
import { isUnresolved, type Unresolved, type Value } from "../hcl/value.ts";
import type { ModuleInstance, ResourceInstance } from "./config.ts";
import { loc } from "./refs.ts";

/** The parts of the configuration mapper the Databricks mappers read. */
export interface ConfigurationLookup {
  readonly root: ModuleInstance;
  byAddress(address: string): ResourceInstance | undefined;
  /** A vault reference as an ARM-like id ending in the vault's name, when the vault is declared. */
  vaultId(value: Value | undefined): string | null;
}

export const DECLARED_ONLY = "the objects this configuration declares; objects created outside it are not visible";

export class DatabricksScope {
  readonly mapper: ConfigurationLookup;
  readonly attached: ResourceInstance[];
  /** Where a fact that no resource declares points: the workspace, or the first attached resource. */
  readonly anchor: SourceLocation;

  constructor(mapper: ConfigurationLookup, attached: ResourceInstance[], anchor: SourceLocation) {
    this.mapper = mapper;
    this.attached = attached;
    this.anchor = anchor;
  }

  of = (type: string): ResourceInstance[] => this.attached.filter((r) => r.type === type);

  /** The reason a resource of the type may or may not exist (count/for_each unknown), if any. */
  uncertainOf = (type: string): Unresolved | undefined =>
    this.of(type).find((r) => isUnresolved(r.exists))?.exists as Unresolved | undefined;

  /** The declared objects of some resource types as one fact (unknown when one of them may not exist). */
  listFact = <T>(type: string | string[], build: () => T[] | Unresolved, note: string): Fact<T[]> => {
    const types = Array.isArray(type) ? type : [type];
    const source = `terraform: ${types.join(", ")}`;
    const uncertain = types.map(this.uncertainOf).find(Boolean);
    if (uncertain) return unknown(uncertain.reason, source);
    const built = build();
    if (isUnresolved(built)) return unknown(built.reason, source);
    const first = this.attached.find((r) => types.includes(r.type));
    return declared(built, source, first ? loc(first.view) : this.anchor, note);
  };

  /**
   * Like listFact, but a configuration that declares none of the types says nothing about these objects
   * (they are usually made outside Terraform): the fact is then not declarable — the check is not judged
   * from IaC — rather than an empty list that would read as "none".
   */
  declaredListFact = <T>(type: string, build: () => T[] | Unresolved, note: string): Fact<T[]> =>
    this.of(type).length
      ? this.listFact(type, build, note)
      : notDeclarable(`no ${type} is declared in the configuration`, `terraform: ${type}`);
}
