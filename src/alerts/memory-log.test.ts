import { deliveryLogContract } from "../../test/support/delivery-log-contract.ts";
import { MemoryDeliveryLog } from "./memory-log.ts";

deliveryLogContract("memory", () => new MemoryDeliveryLog());
