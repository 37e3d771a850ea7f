import { describe, expect, it } from "vitest";
import { lineAt } from "./json-file.ts";

/** The definition lineAt's index must agree with: one plus the newlines before the offset. */
const counted = (text: string, offset: number) => {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

describe("lineAt", () => {
  it("agrees with counting newlines at every offset, across texts asked in turn", () => {
    const texts = ["", "a", "\n", "\n\n", "ab\ncd\n\nef", "x\r\ny\n", '{\n  "a": 1\n}'];
    for (const text of [...texts, ...texts.reverse()])
      for (let offset = -1; offset <= text.length + 2; offset++)
        expect(lineAt(text, offset), `${JSON.stringify(text)} @${offset}`).toBe(counted(text, offset));
  });
});
