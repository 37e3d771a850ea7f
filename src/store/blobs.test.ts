import { describe, expect, it } from "vitest";
import { decodeBlob, encodeBlob } from "./blobs.ts";

describe("stored blobs", () => {
  const walked = {
    checkId: "IAM-20",
    paths: {
      total: 1,
      items: [
        {
          steps: [
            { from: "ola", to: "platform-team" },
            { from: "platform-team", to: "admins" },
          ],
        },
      ],
    },
  };
  const sorted = {
    paths: {
      items: [
        {
          steps: [
            { from: "platform-team", to: "admins" },
            { from: "ola", to: "platform-team" },
          ],
        },
      ],
      total: 1,
    },
    checkId: "IAM-20",
  };

  it("read back in the order they were judged: a path's steps keep their walking order", () => {
    expect(decodeBlob(encodeBlob(walked).data)).toEqual(walked);
    expect(decodeBlob(encodeBlob(sorted).data)).toEqual(sorted);
  });

  it("are addressed by canonical content: another key or list order is the same blob", () => {
    expect(encodeBlob(sorted).hash).toBe(encodeBlob(walked).hash);
    expect(encodeBlob({ ...walked, checkId: "IAM-21" }).hash).not.toBe(encodeBlob(walked).hash);
  });
});
