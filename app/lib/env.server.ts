import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import path from "node:path";
import { z } from "zod";

/** Names Express's `trust proxy` (proxy-addr) knows for whole address ranges. */
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(item: string) {
  if (PROXY_RANGE_NAMES.has(item)) return true;
  const [address = "", prefix, ...rest] = item.split("/");
  const version = isIP(address);
  if (!version || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Off, a number of proxy hops, or the proxies' addresses. "true" (trust every hop) is refused:
 * anyone could then choose their own address by sending X-Forwarded-For.
 */
const TrustProxy = z
  .string()
  .transform((value, ctx): false | number | string[] => {
    if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
    const items = value.split(",").map((item) => item.trim());
    if (items.every(isProxyAddress)) return items;
    ctx.addIssue({ code: "custom", message: "must be a number of proxy hops, or proxy addresses or subnets separated by commas (such as 10.0.0.0/8, loopback)" });
    return z.NEVER;
  })
  .default("0");

/** One worker process per core (as many as the schema allows): a single process leaves every other core idle. */
export const DEFAULT_WEB_CONCURRENCY = Math.min(64, availableParallelism());

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int("must be a whole number").min(0, "must be 0 to 65535").max(65535, "must be 0 to 65535").default(3000),
  HOST: z.string().min(1, "must not be empty").default("127.0.0.1"),
  DATA_DIR: z.string().min(1, "must not be empty").default("./data"),
  DATABASE_PATH: z.string().min(1, "must not be empty").optional(),
  BASE_URL: z
    .string()
    .url("must be a full URL such as https://exchange.example.org")
    .refine((u) => /^https?:\/\//.test(u), "must start with http:// or https://")
    .optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SMTP_URL: z
    .string()
    .url("must be a URL such as smtp://user:pass@mail.example.org:587")
    .refine((u) => /^smtps?:\/\//.test(u), "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Partnering Exchange <no-reply@partnering-exchange.example>"),
  DEMO_DATA: z.enum(["0", "1"], { message: "must be 0 or 1" }).default("1"),
  RATE_LIMIT_SCALE: z.coerce.number({ message: "must be a number" }).positive("must be more than 0").default(1),
  TRUST_PROXY: TrustProxy,
  WEB_CONCURRENCY: z.coerce.number().int("must be a whole number of processes").min(1, "must be at least 1").max(64, "must be at most 64").default(DEFAULT_WEB_CONCURRENCY),
  MAIL_BATCH_SECONDS: z.coerce.number({ message: "must be a number of seconds" }).min(0, "must be 0 or more").max(86_400, "must be at most a day").default(300),
  UPLOAD_MAX_BYTES: z.coerce.number({ message: "must be a number of bytes" }).int("must be a whole number of bytes").positive("must be more than 0").default(25 * 1024 * 1024),
  REQUEST_QUEUE_LIMIT: z.coerce.number({ message: "must be a number of requests" }).int("must be a whole number of requests").positive("must be more than 0").default(1000),
});

export type Config = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  baseUrl: string;
  isHttps: boolean;
  sessionSecret: string;
  smtpUrl: string | null;
  mailFrom: string;
  demoData: boolean;
  /** Multiplies every per-IP limit; integration tests, all from one address, raise it. */
  rateLimitScale: number;
  /**
   * How long "as it happens" e-mail waits, gathering what else happens in the same thread (or the
   * moderators' queue) into one message.
   */
  mailBatchMs: number;
  /** The largest template file accepted, refused while streaming. */
  uploadMaxBytes: number;
  /**
   * Express's `trust proxy`: which hops' X-Forwarded-For to believe for the client's address
   * (per-IP limits, sessions, audit log). Off means the connecting address.
   */
  trustProxy: false | number | string[];
  /** Worker processes serving requests (node:cluster); 1 serves from the one process. */
  webConcurrency: number;
  /** Requests a process holds waiting to start; past this, "busy" (server/request-pacing.ts). */
  requestQueueLimit: number;
};

export class ConfigError extends Error {}

/** Empty strings count as unset, so `PORT= npm start` means the default rather than an error. */
function withoutEmpty(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
}

/**
 * Reads and checks the environment once. Throws ConfigError with one line naming the
 * variable and the problem; start-up prints that line and exits without a stack trace.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const message = issue.code === "invalid_type" ? "is not valid" : issue.message;
    throw new ConfigError(`${name} ${message} (got ${JSON.stringify(env[name])})`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databasePath: path.resolve(e.DATABASE_PATH ?? path.join(dataDir, "exchange.db")),
    baseUrl,
    isHttps: baseUrl.startsWith("https://"),
    sessionSecret: e.SESSION_SECRET ?? readOrCreateSecret(dataDir),
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    demoData: e.DEMO_DATA === "1",
    rateLimitScale: e.RATE_LIMIT_SCALE,
    mailBatchMs: e.MAIL_BATCH_SECONDS * 1000,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    trustProxy: e.TRUST_PROXY,
    webConcurrency: e.WEB_CONCURRENCY,
    requestQueueLimit: e.REQUEST_QUEUE_LIMIT,
  };
}

function readOrCreateSecret(dataDir: string) {
  const file = path.join(dataDir, "session-secret");
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  return readFileSync(file, "utf8").trim();
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
