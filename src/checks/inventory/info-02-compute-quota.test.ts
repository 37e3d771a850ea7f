import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./info-02-compute-quota.ts";

checkCases(check, [
  { name: "plenty of headroom", status: "pass", message: /fullest is cores in westeurope: 40\/350 \(11%\)/ },
  {
    name: "a family nearly exhausted",
    status: "fail",
    edit: (e) =>
      void (e.azure.computeQuotas = k([
        { location: "westeurope", name: "cores", used: 40, limit: 350 },
        { location: "westeurope", name: "standardDDSv5Family", used: 92, limit: 100 },
      ])),
    message: /1 vCPU quota\(s\) are more than 80% used: standardDDSv5Family in westeurope: 92\/100 \(92%\)/,
    resources: ["standardDDSv5Family in westeurope: 92/100 (92%)"],
  },
  {
    name: "92% within a raised threshold",
    status: "pass",
    thresholds: { maxUsedPercent: 95 },
    edit: (e) => void (e.azure.computeQuotas = k([{ location: "westeurope", name: "cores", used: 92, limit: 100 }])),
  },
  {
    name: "families with a zero limit are ignored",
    status: "pass",
    edit: (e) =>
      void (e.azure.computeQuotas = k([
        { location: "westeurope", name: "cores", used: 40, limit: 350 },
        { location: "westeurope", name: "standardNCFamily", used: 0, limit: 0 },
      ])),
  },
  { name: "no quotas reported", status: "unknown", edit: (e) => void (e.azure.computeQuotas = k([])) },
  { name: "quotas unreadable", status: "unknown", edit: (e) => void (e.azure.computeQuotas = u()) },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
