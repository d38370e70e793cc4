/**
 * Creates an administrator, or promotes an existing account, for operators:
 *
 *   ADMIN_EMAIL=you@example.org ADMIN_NAME="Your Name" npm run admin:create
 *
 * The password comes from ADMIN_PASSWORD or is typed at a prompt that does not echo. It is never
 * read from the command line, where it would land in shell history and the process list.
 */
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { hashPassword } from "../app/auth/password.server";
import { PASSWORD_MAX, PASSWORD_MIN, passwordIsEmail } from "../app/auth/password-rules";
import { ConfigError, config } from "../app/lib/env.server";
import { slugify } from "../app/lib/slug";
import { recordAudit } from "../app/models/audit.server";
import { openDatabase, type Db, type Tx } from "../db/client.server";
import { migrateDatabase } from "../db/migrate.server";
import { organisations, users } from "../db/schema";

class Refusal extends Error {}

const Input = z.object({
  ADMIN_EMAIL: z.string({ required_error: "Set ADMIN_EMAIL to the administrator's e-mail address." }).trim().toLowerCase().email("ADMIN_EMAIL is not an e-mail address."),
  ADMIN_NAME: z.string().trim().max(100, "ADMIN_NAME must be 100 characters or fewer.").optional(),
  ADMIN_ORGANISATION: z.string().trim().min(1).max(120, "ADMIN_ORGANISATION must be 120 characters or fewer.").default("Partnering Exchange team"),
});

/** Reads one line from stdin; on a terminal the typed characters are not shown. */
function prompt(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: Boolean(process.stdin.isTTY) });
  return new Promise((resolve, reject) => {
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      if (process.stdin.isTTY) process.stdout.write("\n");
      resolve(answer);
    });
    rl.on("close", () => {
      if (answered) return;
      process.stdout.write("\n");
      reject(new Refusal("No password was given. Set ADMIN_PASSWORD, or run this in a terminal and type it when asked."));
    });
    rl.on("SIGINT", () => rl.close());
    // The question has been written; what follows is the typing, which stays hidden.
    muted = true;
  });
}

async function readPassword(email: string, existing: boolean) {
  let password = process.env.ADMIN_PASSWORD;
  if (password === undefined || password === "") {
    const keep = existing ? " (leave empty to keep the current one)" : "";
    password = await prompt(`Password for ${email}${keep}: `);
    if (existing && password === "") return null;
    if (process.stdin.isTTY && password.length >= PASSWORD_MIN && (await prompt("Type it again: ")) !== password)
      throw new Refusal("The two passwords do not match.");
  }
  if (password.length < PASSWORD_MIN) throw new Refusal(`The password must be ${PASSWORD_MIN} characters or more.`);
  if (password.length > PASSWORD_MAX) throw new Refusal(`The password must be ${PASSWORD_MAX} characters or fewer.`);
  if (passwordIsEmail(password, email)) throw new Refusal("The password must not be the e-mail address.");
  return password;
}

function uniqueHandle(tx: Tx, name: string) {
  const base = slugify(name, 30) || "admin";
  for (let n = 1; ; n++) {
    const handle = n === 1 ? base : `${base}-${n}`;
    if (!tx.select({ id: users.id }).from(users).where(eq(users.handle, handle)).get()) return handle;
  }
}

/** The named national organisation, created (confirmed) if missing. */
function adminOrganisation(tx: Tx, name: string) {
  const slug = slugify(name, 60);
  if (!slug) throw new Refusal("ADMIN_ORGANISATION needs letters or digits.");
  const found = tx.select().from(organisations).where(eq(organisations.slug, slug)).get();
  if (found) {
    // Administrators on the supplier side could not see policing-only content they must manage.
    if (found.kind !== "national") throw new Refusal(`The organisation "${found.name}" is a ${found.kind}, not a national body; choose another ADMIN_ORGANISATION.`);
    if (!found.isConfirmed) tx.update(organisations).set({ isConfirmed: true }).where(eq(organisations.id, found.id)).run();
    return { id: found.id, name: found.name, created: false };
  }
  const created = tx.insert(organisations).values({ slug, name, kind: "national", isConfirmed: true }).returning({ id: organisations.id }).get();
  return { id: created.id, name, created: true };
}

async function main() {
  if (process.argv.length > 2)
    throw new Refusal("This command takes no arguments. Set ADMIN_EMAIL, ADMIN_NAME and ADMIN_ORGANISATION in the environment; give the password in ADMIN_PASSWORD or type it when asked.");
  const parsed = Input.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  if (!parsed.success) throw new Refusal(parsed.error.issues[0]!.message);
  const { ADMIN_EMAIL: email, ADMIN_NAME: name, ADMIN_ORGANISATION: organisationName } = parsed.data;

  const cfg = config();
  const database: Db = openDatabase(cfg.databasePath);
  try {
    migrateDatabase(database);
    const existing = database
      .select({ id: users.id, status: users.status, role: users.role, emailVerifiedAt: users.emailVerifiedAt, totpEnabled: users.totpEnabled })
      .from(users)
      .where(eq(users.email, email))
      .get();
    if (!existing && !name) throw new Refusal("Set ADMIN_NAME to the administrator's full name.");
    const password = await readPassword(email, Boolean(existing));
    const passwordHash = password === null ? null : await hashPassword(password);

    const outcome = database.transaction((tx) => {
      if (existing) {
        tx.update(users)
          .set({
            role: "administrator",
            status: "active",
            statusReason: null,
            emailVerifiedAt: existing.emailVerifiedAt ?? new Date(),
            ...(name ? { name } : {}),
            ...(passwordHash ? { passwordHash } : {}),
          })
          .where(eq(users.id, existing.id))
          .run();
        recordAudit({ actorId: null, action: "administrator_promoted", targetType: "user", targetId: existing.id, detail: `npm run admin:create: ${existing.role} (${existing.status}) → administrator (active)${passwordHash ? "; password set" : ""}` }, tx);
        return `Promoted ${email} to administrator (their organisation is unchanged).`;
      }
      const org = adminOrganisation(tx, organisationName);
      const user = tx
        .insert(users)
        .values({ email, handle: uniqueHandle(tx, name!), name: name!, jobTitle: "Administrator", organisationId: org.id, passwordHash: passwordHash!, role: "administrator", status: "active", emailVerifiedAt: new Date() })
        .returning({ id: users.id })
        .get();
      recordAudit({ actorId: null, action: "administrator_created", targetType: "user", targetId: user.id, detail: `npm run admin:create, in ${org.name}` }, tx);
      return `Created administrator ${email} in ${org.name}${org.created ? " (a new national organisation)" : ""}.`;
    });
    console.log(outcome);
    if (!existing?.totpEnabled)
      console.log("They must set up two-factor authentication (an authenticator app) when they first sign in, before they can do anything else.");
  } finally {
    database.$client.close();
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof Refusal) {
    console.error(error.message);
    process.exit(1);
  }
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
