/**
 * The emulator of `npm run bench:scan`, in a process of its own so that the scan's wall time and memory
 * are the scanner's alone. Started with one JSON argument (EmulatorOptions: workspaces, latencyMs,
 * rateLimits, armPageSize); prints one JSON line with its URLs when listening. Then it answers on stdin:
 * `counts` prints a JSON line with the requests served and the 429s its rate limits answered; `close`
 * closes it and exits.
 */
import { createInterface } from "node:readline";
import { type EmulatorOptions, startEmulator } from "../../src/emulator/server.ts";

const options = JSON.parse(process.argv[2] ?? "{}") as EmulatorOptions;
const emulator = await startEmulator(options);
process.stdout.write(
  `${JSON.stringify({
    armUrl: emulator.armUrl,
    accountUrl: emulator.accountUrl,
    accountId: emulator.accountId,
    graphUrl: emulator.graphUrl,
    subscriptionId: emulator.subscriptionId,
    token: emulator.token,
    workspaces: emulator.workspaces.length,
  })}\n`,
);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "counts") {
    const status429 = emulator.requests.filter((request) => request.status === 429).length;
    process.stdout.write(
      `${JSON.stringify({ requests: emulator.requests.length, status429, throttled: emulator.rateLimits?.counts.throttled ?? {} })}\n`,
    );
  } else if (line === "close") break;
}
await emulator.close();
process.exit(0);
