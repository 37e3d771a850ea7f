/**
 * Unity Catalog names in request paths (issue 20, known limit 1): each name is percent-encoded on its own, as the
 * SDKs do, and the read-only guard — which checks the path after URL resolution — admits the encoded names and
 * nothing more: no encoded "/", "\", ".", control character or needlessly encoded letter, no other route's
 * placeholder widened. A name that cannot go into a path is refused with the reason, before anything is sent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiFailure } from "../http/api-failure.ts";
import { FULL_NAME_SEGMENT, isReadRoute, pathFullName, pathUcName, UC_NAME_SEGMENT } from "./routes.ts";

const UC = "/api/2.1/unity-catalog";
const at = "GET /api/2.1/unity-catalog/tables";

/** The path as the transport checks it: set on a URL (which resolves "..", "%2e%2e" and encodes the rest). */
function resolved(path: string): string {
  const url = new URL("https://adb-1.azuredatabricks.net");
  url.pathname = path;
  return url.pathname;
}

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiFailure && error.kind === "invalid-response") return error.detail;
    throw error;
  }
  throw new Error("not refused");
};

describe("pathUcName / pathFullName", () => {
  it("percent-encodes each name like Python's quote(name, safe=''): spaces, #, %, quotes, non-ASCII letters", () => {
    expect(pathUcName("sales data", "catalog name", at)).toBe("sales%20data");
    expect(pathUcName("目录", "catalog name", at)).toBe("%E7%9B%AE%E5%BD%95");
    // databricks-sdk-py issue #1266's table: unencoded, "#" starts a fragment and the server looks up "my_table_".
    expect(pathUcName("my_table_#$%", "table name", at)).toBe("my_table_%23%24%25");
    expect(pathUcName("it's(1)*!~", "table name", at)).toBe("it%27s%281%29%2A%21~");
    expect(pathUcName("plain_name-1", "table name", at)).toBe("plain_name-1");
    expect(pathFullName(["main", "ventes été", "commandes #1"], "table name", at)).toBe(
      "main.ventes%20%C3%A9t%C3%A9.commandes%20%231",
    );
  });

  it("refuses, with the reason, a name that cannot go into a path — and never repeats the name", () => {
    expect(refusal(() => pathUcName("a.b", "table name", at))).toMatch(/holds a "\."/);
    expect(refusal(() => pathUcName("../jobs", "table name", at))).toMatch(/holds a "\."/);
    expect(refusal(() => pathUcName("a/b", "table name", at))).toMatch(/holds a "\/" or "\\"/);
    expect(refusal(() => pathUcName("a\\b", "table name", at))).toMatch(/holds a "\/" or "\\"/);
    expect(refusal(() => pathUcName("a\u0000b", "table name", at))).toMatch(/control character/);
    expect(refusal(() => pathUcName("a\u007fb", "table name", at))).toMatch(/control character/);
    expect(refusal(() => pathUcName("", "table name", at))).toMatch(/is empty/);
    expect(refusal(() => pathUcName("x".repeat(256), "table name", at))).toMatch(/longer than Unity Catalog's 255/);
    expect(refusal(() => pathUcName("a\ud800", "table name", at))).toMatch(/lone surrogate/);
    expect(refusal(() => pathUcName(7, "table name", at))).toMatch(/not a string/);
    expect(refusal(() => pathFullName(["main"], "schema name", at))).toMatch(/not two or three parts/);
    const detail = refusal(() => pathFullName(["main", "s", "secret.name"], "table name", at));
    expect(detail).toMatch(/table name \(part 3\)/);
    expect(detail).not.toContain("secret");
    expect(pathUcName("x".repeat(255), "table name", at)).toHaveLength(255);
  });

  it("for any string: refused, or encoded into one segment the guard admits and that decodes back to the name", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.string({ unit: "grapheme", maxLength: 12 }),
        (a, b) => {
          for (const name of [a, b]) {
            let encoded: string;
            try {
              encoded = pathUcName(name, "table name", at);
            } catch (error) {
              expect(error).toBeInstanceOf(ApiFailure);
              continue;
            }
            expect(UC_NAME_SEGMENT.test(encoded)).toBe(true);
            expect(decodeURIComponent(encoded)).toBe(name);
            const path = `${UC}/permissions/table/main.${encoded}.t`;
            // URL resolution leaves it as it is (nothing to resolve, nothing left to encode) and the guard admits it.
            expect(resolved(path)).toBe(path);
            expect(isReadRoute(resolved(path))).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("the read-only guard over encoded Unity Catalog names", () => {
  it("admits encoded names where a Unity Catalog name goes", () => {
    for (const path of [
      `${UC}/permissions/table/main.sales%20data.orders`,
      `${UC}/permissions/schema/%E7%9B%AE%E5%BD%95.default`,
      `${UC}/permissions/volume/main.s.v%23`,
      `${UC}/permissions/catalog/caf%C3%A9`,
      `${UC}/permissions/external_location/landing%20zone`,
      `${UC}/permissions/storage_credential/cred%40prod`,
      `${UC}/policies/CATALOG/caf%C3%A9`,
      "/api/2.0/data-sharing/recipients/partner%20a/federation-policies",
      "/api/data-classification/v1/catalogs/caf%C3%A9/config",
    ])
      expect(isReadRoute(resolved(path)), path).toBe(true);
  });

  it("admits nothing the encoder cannot give: encoded separators, dots, controls, letters; raw specials", () => {
    for (const path of [
      `${UC}/permissions/table/main.a%2Fb.c`, // "/" encoded
      `${UC}/permissions/table/main.a%5Cb.c`, // "\" encoded
      `${UC}/permissions/table/main.a%2Eb.c`, // "." encoded: a fourth part hidden from the guard
      `${UC}/permissions/table/main.a%2eb.c`, // lower-case hex: not the encoder's spelling
      `${UC}/permissions/table/main.a%00.c`, // NUL
      `${UC}/permissions/table/main.a%7F.c`, // DEL
      `${UC}/permissions/table/main.%41.c`, // an encoded letter: a second spelling of "A"
      `${UC}/permissions/table/main.a%5F.c`, // an encoded "_"
      `${UC}/permissions/table/main.a%.c`, // a lone "%"
      `${UC}/permissions/table/main..c`,
      `${UC}/permissions/table/main.a.b.c`, // four parts
      `${UC}/permissions/table/main.a$b.c`, // raw "$": the encoder never leaves it
      `${UC}/permissions/catalog/a.b`,
      `${UC}/permissions/catalog/%2E%2E`,
    ])
      expect(isReadRoute(resolved(path)), path).toBe(false);
    // URL resolution turns an encoded ".." segment into a step up: it is another path, not a name.
    expect(resolved(`${UC}/permissions/catalog/%2e%2e`)).toBe(`${UC}/permissions/`);
  });

  it("widens no other placeholder: ids, serving endpoint and setting names stay letters, digits, - and _", () => {
    for (const path of [
      "/api/2.0/serving-endpoints/gpt%20proxy",
      "/api/2.0/permissions/jobs/12%20",
      "/api/2.1/settings/a%2Db",
      "/api/2.0/global-init-scripts/C39F%44",
    ])
      expect(isReadRoute(resolved(path)), path).toBe(false);
    expect(isReadRoute("/api/2.0/serving-endpoints/gpt-proxy")).toBe(true);
    expect(FULL_NAME_SEGMENT.test("main.sales")).toBe(true);
    expect(FULL_NAME_SEGMENT.test("main")).toBe(false);
  });
});
