import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared/index.js";
import { config } from "./env.server";

export type Mail = { to: string; subject: string; text: string; headers?: Record<string, string> };

let transport: Transporter | undefined;

/**
 * SMTP when SMTP_URL is set; otherwise nodemailer builds the real message and it is written as
 * an .eml file to $DATA_DIR/outbox, so development and tests read exactly what would be sent.
 * The SMTP timeouts are nodemailer's minutes cut to well inside the sender's claim on a batch.
 */
function getTransport() {
  const cfg = config();
  transport ??= cfg.smtpUrl
    ? nodemailer.createTransport({ ...parseConnectionUrl(cfg.smtpUrl), connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
    : nodemailer.createTransport({ streamTransport: true, buffer: true });
  return transport;
}

export function outboxDir() {
  return path.join(config().dataDir, "outbox");
}

/**
 * Delivers one message now; only the outbox sender calls this (everything else queues with
 * queueMail). `name` is stable per queued message, so a message delivered again after a crash
 * overwrites its own .eml file rather than adding a second.
 */
export async function deliverMail(mail: Mail, name: string) {
  const cfg = config();
  const info = await getTransport().sendMail({ from: cfg.mailFrom, ...mail });
  if (cfg.smtpUrl) return;
  const dir = outboxDir();
  mkdirSync(dir, { recursive: true });
  const file = `${name}.eml`;
  writeFileSync(path.join(dir, file), (info as unknown as { message: Buffer }).message);
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
  console.log(`Mail to ${mail.to}: "${mail.subject}" written to outbox/${file}${link ? ` (link: ${link})` : ""}`);
}
