import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, u } from "../../../test/support/evidence.ts";
import check from "./data-17-browser-protections.ts";

checkCases(check, [
  { name: "all on", status: "pass" },
  {
    name: "never set: on by default",
    status: "pass",
    edit: (e) => {
      for (const key of ["enable-X-Frame-Options", "enable-X-Content-Type-Options", "enable-X-XSS-Protection"])
        conf(e, key, null);
    },
    message: /3 by default/,
  },
  {
    name: "framing allowed",
    status: "fail",
    edit: (e) => conf(e, "enable-X-Frame-Options", "false"),
    resources: ["enable-X-Frame-Options"],
  },
  { name: "one header unreadable", status: "unknown", edit: (e) => conf(e, "enable-X-XSS-Protection", u()) },
]);
