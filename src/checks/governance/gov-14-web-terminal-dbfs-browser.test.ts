import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, u } from "../../../test/support/evidence.ts";
import check from "./gov-14-web-terminal-dbfs-browser.ts";

checkCases(check, [
  { name: "both off", status: "pass" },
  {
    name: "DBFS browser never set: off by default",
    status: "pass",
    edit: (e) => conf(e, "enableDbfsFileBrowser", null),
    message: /never set \(default "false"\)/,
  },
  {
    name: "web terminal on",
    status: "fail",
    edit: (e) => conf(e, "enableWebTerminal", "true"),
    message: /the web terminal/,
    resources: ["enableWebTerminal"],
  },
  {
    name: "DBFS browser on while the web terminal is never set",
    status: "fail",
    edit: (e) => {
      conf(e, "enableDbfsFileBrowser", "true");
      conf(e, "enableWebTerminal", null);
    },
    message:
      /DBFS file browser.*could not also judge \(so there may be more\): workspace-conf enableWebTerminal \(enableWebTerminal was read and was never set/,
    resources: ["enableDbfsFileBrowser"],
  },
  {
    name: "web terminal never set: default not documented",
    status: "unknown",
    edit: (e) => conf(e, "enableWebTerminal", null),
    // Read, so not "could not read": what decides it is setting it.
    message:
      /^cannot judge workspace-conf enableWebTerminal: enableWebTerminal was read and was never set.*set it explicitly .*to decide$/,
  },
  { name: "unreadable", status: "unknown", edit: (e) => conf(e, "enableDbfsFileBrowser", u()) },
]);
