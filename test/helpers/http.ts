import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { generateHOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { DEMO_PASSWORD, DEMO_TOTP_KEY } from "../../db/seed/demo";
import type { TestServer } from "./server";

/**
 * A minimal browser without JavaScript: keeps cookies, sends forms as a same-origin browser
 * would, and does not follow redirects so tests can see them.
 */
export class Visitor {
  cookies = new Map<string, string>();
  constructor(readonly server: TestServer) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!value || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.keep(await fetch(this.server.url + url, { redirect: "manual", headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  async post(url: string, form: Record<string, string> | URLSearchParams, headers: Record<string, string> = {}) {
    return this.keep(
      await fetch(this.server.url + url, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: this.cookieHeader(), "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin", ...headers },
        body: (form instanceof URLSearchParams ? form : new URLSearchParams(form)).toString(),
      }),
    );
  }

  /** Sends a multipart form (file uploads) as a same-origin browser would; fetch sets the boundary. */
  async postMultipart(url: string, form: FormData, headers: Record<string, string> = {}) {
    return this.keep(
      await fetch(this.server.url + url, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: this.cookieHeader(), "sec-fetch-site": "same-origin", ...headers },
        body: form,
      }),
    );
  }

  /** Follows redirects (GET) from a response until a page, returning its final URL and HTML. */
  async follow(res: Response): Promise<{ url: string; status: number; html: string }> {
    let current = res;
    let url = current.url;
    for (let i = 0; i < 10 && current.status >= 300 && current.status < 400; i++) {
      const location = current.headers.get("location")!;
      url = new URL(location, this.server.url).pathname + new URL(location, this.server.url).search;
      current = await this.get(url);
    }
    return { url, status: current.status, html: await current.text() };
  }
}

export function totpCode(keyBase32: string, stepOffset = 0, at = Date.now()) {
  const step = Math.floor(at / 1000 / 30) + stepOffset;
  return generateHOTP(decodeBase32IgnorePadding(keyBase32), BigInt(step), 6);
}

/**
 * Signs in through the real forms. Accounts with two-factor get a code from their key; a code
 * already used in this 30-second step is refused as a replay, so the next step's code is tried.
 */
export async function signIn(server: TestServer, email: string, options: { password?: string; totpKey?: string } = {}) {
  const visitor = new Visitor(server);
  const res = await visitor.post("/login", { email, password: options.password ?? DEMO_PASSWORD, redirectTo: "/" });
  if (res.status !== 302) throw new Error(`sign-in as ${email} failed with ${res.status}`);
  if (res.headers.get("location")!.startsWith("/login/two-factor")) {
    for (const offset of [0, 1]) {
      const r = await visitor.post("/login/two-factor", { code: totpCode(options.totpKey ?? DEMO_TOTP_KEY, offset), redirectTo: "/" });
      if (r.status === 302) return visitor;
    }
    throw new Error(`two-factor sign-in as ${email} failed`);
  }
  return visitor;
}

export type ParsedMail = { to: string; subject: string; text: string; file: string };
export type OutboxMail = ParsedMail;

function decodeQuotedPrintable(text: string) {
  return text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/** The headers and decoded text body of a message as nodemailer writes it (an .eml file or SMTP DATA). */
export function parseMail(raw: string, file: string): ParsedMail {
  const [head, ...body] = raw.split(/\r?\n\r?\n/);
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "mi").exec(head!)?.[1]?.trim() ?? "";
  let text = body.join("\n\n");
  if (/quoted-printable/i.test(header("Content-Transfer-Encoding"))) text = decodeQuotedPrintable(text);
  if (/base64/i.test(header("Content-Transfer-Encoding"))) text = Buffer.from(text.replace(/\s/g, ""), "base64").toString("utf8");
  return { to: header("To"), subject: header("Subject"), text, file };
}

/**
 * Waits until the server's mail outbox table holds nothing still to send (requests only queue
 * mail; the server's sender delivers it a moment later), so both "it arrived" and "nothing was
 * sent" are decided on settled state.
 */
export async function outboxSettled(server: Pick<TestServer, "dataDir">, timeoutMs = 15_000) {
  const sqlite = new Database(path.join(server.dataDir, "exchange.db"));
  sqlite.pragma("busy_timeout = 5000");
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { n } = sqlite.prepare("SELECT count(*) AS n FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL").get() as { n: number };
      if (n === 0) return;
      if (Date.now() > deadline) throw new Error(`${n} e-mail(s) still waiting in mail_outbox after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    sqlite.close();
  }
}

/**
 * Mail the server wrote to its outbox folder, oldest first, once sending has settled; optionally
 * only mail to one address. A missing folder throws: it means no mail was ever written there (mail
 * sent elsewhere, a wrong data folder), so an empty answer would prove nothing about who was mailed.
 */
export async function readOutbox(server: Pick<TestServer, "dataDir">, to?: string): Promise<OutboxMail[]> {
  await outboxSettled(server);
  const dir = path.join(server.dataDir, "outbox");
  if (!existsSync(dir)) throw new Error(`no outbox folder at ${dir}: no mail has been written there, so who was mailed cannot be read`);
  return readdirSync(dir)
    .sort()
    .map((file) => parseMail(readFileSync(path.join(dir, file), "utf8"), file))
    .filter((m) => !to || m.to.includes(to));
}

export function linkIn(mail: OutboxMail, pathPrefix: string) {
  const match = new RegExp(`https?://[^/\\s]+(${pathPrefix.replace(/[?]/g, "\\?")}[^\\s]*)`).exec(mail.text);
  if (!match) throw new Error(`no ${pathPrefix} link in mail "${mail.subject}":\n${mail.text}`);
  return match[1]!;
}
