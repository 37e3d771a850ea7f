/** The data checks, in id order. Add a new check of this category here. */

import type { Check } from "../types.ts";
import data01 from "./data-01-cmk-managed-services.ts";
import data02 from "./data-02-cmk-dbfs.ts";
import data03 from "./data-03-cmk-managed-disks.ts";
import data04 from "./data-04-infrastructure-encryption.ts";
import data05 from "./data-05-storage-transport.ts";
import data06 from "./data-06-storage-recovery.ts";
import data07 from "./data-07-resource-locks.ts";
import data08 from "./data-08-dbfs-data.ts";
import data09 from "./data-09-legacy-dbfs.ts";
import data10 from "./data-10-unity-catalog.ts";
import data11 from "./data-11-legacy-hive.ts";
import data12 from "./data-12-user-isolation.ts";
import data13 from "./data-13-export-notebook.ts";
import data14 from "./data-14-results-download.ts";
import data15 from "./data-15-notebook-clipboard.ts";
import data16 from "./data-16-mlflow-artifact-download.ts";
import data17 from "./data-17-browser-protections.ts";
import data18 from "./data-18-plaintext-spark-credentials.ts";
import data19 from "./data-19-secret-scope-acls.ts";
import data20 from "./data-20-key-vault-recovery.ts";
import data21 from "./data-21-notebook-results-storage.ts";
import data22 from "./data-22-storage-credentials.ts";
import data23 from "./data-23-notebook-credentials.ts";
import data24 from "./data-24-internode-encryption.ts";
import data25 from "./data-25-disk-key-rotation.ts";
import data26 from "./data-26-delta-sharing.ts";
import data27 from "./data-27-local-disk-encryption.ts";
import data28 from "./data-28-filestore-endpoint.ts";
import data29 from "./data-29-ai-gateway.ts";
import data30 from "./data-30-dashboard-embedding.ts";
import data31 from "./data-31-secret-scopes-readable.ts";
import data32 from "./data-32-genie-chat-sharing.ts";
import data33 from "./data-33-shared-with-all-users.ts";
import data34 from "./data-34-readable-by-all-users.ts";

export const DATA_CHECKS: readonly Check[] = [
  data01,
  data02,
  data03,
  data04,
  data05,
  data06,
  data07,
  data08,
  data09,
  data10,
  data11,
  data12,
  data13,
  data14,
  data15,
  data16,
  data17,
  data18,
  data19,
  data20,
  data21,
  data22,
  data23,
  data24,
  data25,
  data26,
  data27,
  data28,
  data29,
  data30,
  data31,
  data32,
  data33,
  data34,
];
