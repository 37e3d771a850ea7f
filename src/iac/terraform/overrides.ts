/**
 * Terraform override files (`override.tf`, `*_override.tf`, and their `.tf.json` forms): Terraform
 * merges each of their blocks into the block of the same type and labels in the module's other files
 * before anything else happens, so lakeward does the same, and a check reads the merged configuration.
 * The rules follow Terraform's documentation ("Override Files"):
 *   - an argument in the override replaces the original's argument of that name;
 *   - a nested block type in the override replaces every nested block of that type in the original
 *     (a `dynamic "x"` block counts as type x), except `lifecycle`, which is merged argument by argument;
 *   - `locals` are replaced one by one, by name, wherever the original defines them;
 *   - in `terraform`, `required_providers` is merged provider by provider;
 *   - a `provider` block is matched by name and `alias`;
 *   - override files are applied after the other files, in file name order; a block in an override file
 *     with no original to override is an error (Terraform refuses it too) naming the file and line.
 * Arguments and blocks taken from an override file carry that file, so a finding points at the line
 * that sets the value.
 */

import { IacFileError } from "../errors.ts";
import type { Attribute, Block, Body, HclFile } from "../hcl/ast.ts";
import { blocksOf, exprText } from "../hcl/ast.ts";

/** Whether Terraform treats a module file name as an override file. */
export function isOverrideFile(name: string): boolean {
  return /(^|_)override\.tf(\.json)?$/.test(name);
}

/** Blocks that must exist in the original for an override to apply to them, by how Terraform names them. */
function blockKey(block: Block): string {
  if (block.type === "provider") {
    const alias = block.body.attributes.get("alias");
    return `provider|${block.labels[0] ?? ""}|${alias ? exprText(alias.expr) : ""}`;
  }
  return `${block.type}|${block.labels.join("|")}`;
}

const withFile = (attribute: Attribute, file: string): Attribute => ({ ...attribute, file });

function tagBlock(block: Block, file: string): Block {
  const attributes = new Map<string, Attribute>();
  for (const [name, attribute] of block.body.attributes) attributes.set(name, withFile(attribute, file));
  return { ...block, file, body: { attributes, blocks: block.body.blocks.map((inner) => tagBlock(inner, file)) } };
}

const nestedType = (block: Block) => (block.type === "dynamic" ? (block.labels[0] ?? "") : block.type);

/** Merges an override body into an original body (in place), per the rules above. */
function mergeBody(original: Body, override: Body, file: string): void {
  for (const [name, attribute] of override.attributes) original.attributes.set(name, withFile(attribute, file));
  const types = new Set(override.blocks.map(nestedType));
  for (const type of types) {
    const replacements = override.blocks.filter((block) => nestedType(block) === type);
    if (type === "lifecycle") {
      const existing = blocksOf(original, "lifecycle")[0];
      if (existing) {
        for (const replacement of replacements) mergeBody(existing.body, replacement.body, file);
        continue;
      }
    }
    const firstIndex = original.blocks.findIndex((block) => nestedType(block) === type);
    const kept = original.blocks.filter((block) => nestedType(block) !== type);
    const added = replacements.map((block) => tagBlock(block, file));
    // Keep the replaced blocks' position, which only matters for reading order.
    if (firstIndex < 0) kept.push(...added);
    else kept.splice(Math.min(firstIndex, kept.length), 0, ...added);
    original.blocks = kept;
  }
}

/** Copies a body deeply enough that merging into it leaves the parsed file untouched. */
function cloneBody(body: Body): Body {
  return {
    attributes: new Map(body.attributes),
    blocks: body.blocks.map((block) => ({ ...block, body: cloneBody(block.body) })),
  };
}

/**
 * Applies the override files to the primary files of one module. Returns the primary files with merged
 * blocks (the inputs are not changed) and an error for every override block without an original.
 */
export function applyOverrides(
  primary: readonly HclFile[],
  overrides: readonly HclFile[],
): { files: HclFile[]; errors: IacFileError[] } {
  if (overrides.length === 0) return { files: [...primary], errors: [] };
  const files = primary.map((file) => ({ ...file, body: cloneBody(file.body) }));
  const errors: IacFileError[] = [];
  const blocks = files.flatMap((file) => file.body.blocks);
  for (const override of [...overrides].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    for (const block of override.body.blocks) {
      if (block.type === "locals") {
        for (const [name, attribute] of block.body.attributes) {
          const target = blocks.find((b) => b.type === "locals" && b.body.attributes.has(name));
          if (target) target.body.attributes.set(name, withFile(attribute, override.file));
          else
            errors.push(
              new IacFileError(
                override.file,
                attribute.line,
                `override of local.${name}, which no other file of the module defines; ignored`,
              ),
            );
        }
        continue;
      }
      if (block.type === "terraform") {
        const target = blocks.find((b) => b.type === "terraform");
        if (!target) {
          // Terraform accepts a terraform block that overrides nothing; it simply adds its settings.
          files[0]?.body.blocks.push(tagBlock(block, override.file));
          continue;
        }
        for (const required of blocksOf(block.body, "required_providers")) {
          const existing = blocksOf(target.body, "required_providers")[0];
          if (existing) {
            for (const [name, attribute] of required.body.attributes)
              existing.body.attributes.set(name, withFile(attribute, override.file));
          } else target.body.blocks.push(tagBlock(required, override.file));
        }
        mergeBody(
          target.body,
          {
            attributes: block.body.attributes,
            blocks: block.body.blocks.filter((b) => b.type !== "required_providers"),
          },
          override.file,
        );
        continue;
      }
      const key = blockKey(block);
      const target = blocks.find((b) => blockKey(b) === key);
      if (!target) {
        const what = [block.type, ...block.labels.map((label) => `"${label}"`)].join(" ");
        errors.push(
          new IacFileError(
            override.file,
            block.line,
            `override of ${what}, which no other file of the module declares; ignored (Terraform refuses it too)`,
          ),
        );
        continue;
      }
      mergeBody(target.body, block.body, override.file);
    }
  }
  return { files, errors };
}
