/** The data checks, in id order. Add a new check of this category here. */

import type { Check } from "../types.ts";
import data01 from "./data-01-cmk-managed-services.ts";
import data02 from "./data-02-cmk-dbfs.ts";
import data03 from "./data-03-cmk-managed-disks.ts";
import data04 from "./data-04-infrastructure-encryption.ts";
import data12 from "./data-12-user-isolation.ts";
import data13 from "./data-13-export-notebook.ts";
import data14 from "./data-14-results-download.ts";
import data15 from "./data-15-notebook-clipboard.ts";
import data16 from "./data-16-mlflow-artifact-download.ts";
import data17 from "./data-17-browser-protections.ts";

export const DATA_CHECKS: readonly Check[] = [
  data01,
  data02,
  data03,
  data04,
  data12,
  data13,
  data14,
  data15,
  data16,
  data17,
];
