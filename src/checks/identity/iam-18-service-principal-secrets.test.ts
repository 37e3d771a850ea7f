import { checkCases } from "../../../test/support/check-cases.ts";
import { daysAgo, k, u } from "../../../test/support/evidence.ts";
import check from "./iam-18-service-principal-secrets.ts";

const secret = (id: string, createdAt: string | null, expiresAt: string | null, status = "ACTIVE") => ({
  servicePrincipal: "etl (app-1)",
  id,
  status,
  createdAt,
  expiresAt,
});

checkCases(check, [
  { name: "a young secret that expires", status: "pass", message: /all 1 active OAuth secrets expire/ },
  {
    name: "a secret that never expires",
    status: "fail",
    edit: (e) => void (e.account.servicePrincipalSecrets = k([secret("s-forever", daysAgo(5), null)])),
    message: /etl \(app-1\) secret s-forever \(never expires\)/,
    resources: ["etl (app-1) secret s-forever (never expires)"],
  },
  {
    name: "a secret older than the rotation period",
    status: "fail",
    edit: (e) => void (e.account.servicePrincipalSecrets = k([secret("s-old", daysAgo(200), daysAgo(-30))])),
    message: /created 200 days ago/,
  },
  {
    name: "the rotation period is configurable",
    status: "pass",
    thresholds: { maxAgeDays: 365 },
    edit: (e) => void (e.account.servicePrincipalSecrets = k([secret("s-old", daysAgo(200), daysAgo(-30))])),
  },
  {
    name: "expired secrets no longer authenticate",
    status: "pass",
    edit: (e) =>
      void (e.account.servicePrincipalSecrets = k([
        secret("s-gone", daysAgo(400), daysAgo(10)),
        secret("s-marked", daysAgo(400), null, "EXPIRED"),
      ])),
    message: /no service principal has an active OAuth secret/,
  },
  {
    name: "no creation time: the age cannot be told",
    status: "unknown",
    edit: (e) => void (e.account.servicePrincipalSecrets = k([secret("s-undated", null, daysAgo(-10))])),
    message: /no creation time for etl \(app-1\) secret s-undated/,
  },
  {
    name: "a declared secret (IaC) without lifetime lives the API's default 730 days: longer than the period",
    status: "fail",
    edit: (e) =>
      void (e.account.servicePrincipalSecrets = k([
        {
          ...secret("databricks_service_principal_secret.etl", null, null, "ACTIVE"),
          declaredLifetimeSeconds: 63_072_000,
        },
      ])),
    message: /can outlive the 90-day rotation period .*databricks_service_principal_secret\.etl \(lifetime 730 days\)/,
  },
  {
    name: "a declared secret rotated by time_rotating still lives its lifetime (replaced only on apply)",
    status: "fail",
    edit: (e) =>
      void (e.account.servicePrincipalSecrets = k([
        { ...secret("s-tf", null, null), declaredLifetimeSeconds: 7_862_400, rotatedBy: "time_rotating" },
      ])),
    message: /lifetime 91 days; time_rotating replaces it only when terraform apply runs/,
  },
  {
    name: "a declared secret whose lifetime is within the period (the platform expires it in time)",
    status: "pass",
    edit: (e) =>
      void (e.account.servicePrincipalSecrets = k([
        { ...secret("s-tf", null, null), declaredLifetimeSeconds: 7_776_000 },
      ])),
    message: /all 1 declared OAuth secrets expire within 90 days/,
  },
  {
    name: "secrets not readable",
    status: "unknown",
    edit: (e) => void (e.account.servicePrincipalSecrets = u("HTTP 403 PERMISSION_DENIED")),
    message: /403/,
  },
]);
