import { checkCases } from "../../../test/support/check-cases.ts";
import { u } from "../../../test/support/evidence.ts";
import check from "./man-05-group-review.ts";

// A manual check is answered by an attestation in the config file; the evidence never changes its verdict.
checkCases(check, [
  { name: "asks for an attestation", status: "manual", message: /attest that/ },
  {
    name: "missing evidence does not turn it into unknown or pass",
    status: "manual",
    edit: (e) => {
      e.azure.sku = u();
      e.databricks.users = u();
    },
  },
]);
