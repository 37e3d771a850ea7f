import type { Command } from "commander";
import { InputError } from "../../errors.ts";
import type { TokenRole } from "../../store/tokens.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { addStoreOptions, openStoreFrom } from "./serve.ts";

interface StoreFlags {
  dataDir?: string;
  store?: string;
}

const ROLES: Record<string, TokenRole> = { admin: "admin", viewer: "read", read: "read" };

/** `lakeward tokens create|list|revoke`: the API and dashboard tokens of a store (viewers and admins). */
export function registerTokens(program: Command, io: CliIo, exit: ExitBox): void {
  const tokens = program
    .command("tokens")
    .description("API and dashboard tokens of serve's store: create viewer or admin tokens, list, revoke");
  tokens.addHelpText(
    "after",
    `
A token signs in to the dashboard and calls the API (Authorization: Bearer …). viewer (alias read)
reads; admin also accepts findings and starts runs. Only a token's scrypt hash is stored: it is
printed once, when created. The embedded store is opened by one process at a time: stop serve
first, or use a PostgreSQL store.

Examples:
  lakeward tokens create alice --role viewer
  lakeward tokens list
  lakeward tokens revoke alice`,
  );

  const create = tokens
    .command("create <name>")
    .description("create a token and print it (once)")
    .option("--role <role>", "viewer (reads) or admin (also accepts findings and starts runs)", "viewer");
  addStoreOptions(create);
  create.action(async (name: string, flags: StoreFlags & { role: string }) => {
    const role = ROLES[flags.role];
    if (!role) throw new InputError(`--role ${flags.role}: give viewer or admin`);
    if (!name.trim() || name.length > 200) throw new InputError("give the token a name of 1 to 200 characters");
    const store = await openStoreFrom(flags);
    try {
      const token = await store.tokens.create(name.trim(), role, new Date());
      io.stdout.write(`${token}\n`);
      io.stderr.write(`created ${role === "read" ? "viewer" : "admin"} token "${name.trim()}": shown only now\n`);
    } finally {
      await store.close();
    }
  });

  const list = tokens.command("list").description("list tokens (never their secrets)");
  addStoreOptions(list);
  list.action(async (flags: StoreFlags) => {
    const store = await openStoreFrom(flags);
    try {
      const rows = await store.tokens.list();
      if (!rows.length) io.stdout.write("no tokens yet: `lakeward serve` creates the admin token at first start\n");
      for (const t of rows)
        io.stdout.write(
          `${t.prefix.padEnd(11)} ${(t.role === "read" ? "viewer" : "admin").padEnd(7)} ${t.name.padEnd(30)} created ${t.createdAt.slice(0, 10)}  last used ${t.lastUsedAt?.slice(0, 16).replace("T", " ") ?? "never"}${t.revokedAt ? `  revoked ${t.revokedAt.slice(0, 10)}` : ""}\n`,
        );
    } finally {
      await store.close();
    }
  });

  const revoke = tokens
    .command("revoke <nameOrId>")
    .description("revoke the tokens of that name (or id, the part after lw_); their sessions end");
  addStoreOptions(revoke);
  revoke.action(async (nameOrId: string, flags: StoreFlags) => {
    const store = await openStoreFrom(flags);
    try {
      const n = await store.tokens.revoke(nameOrId, new Date());
      if (!n) {
        exit.code = 1;
        throw new InputError(`no active token named ${nameOrId}`, "`lakeward tokens list` shows them.");
      }
      io.stdout.write(`revoked ${n} token(s)\n`);
    } finally {
      await store.close();
    }
  });
}
