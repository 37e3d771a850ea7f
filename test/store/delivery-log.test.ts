/** The alerts' DeliveryLog contract (test/support/delivery-log-contract.ts) on both store engines. */
import { afterAll, beforeAll } from "vitest";
import type { Store } from "../../src/store/index.ts";
import { deliveryLogContract } from "../support/delivery-log-contract.ts";
import { ENGINES, openTestStore } from "../support/stores.ts";

for (const engine of ENGINES) {
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await openTestStore(engine, "deliveries"));
  }, 120_000);
  afterAll(() => close?.());
  // Each contract test starts from an empty log.
  deliveryLogContract(`store (${engine})`, async () => {
    await store.db.deleteFrom("delivery_attempts").execute();
    await store.db.deleteFrom("delivery_items").execute();
    await store.db.deleteFrom("deliveries").execute();
    return store.deliveries;
  });
}
