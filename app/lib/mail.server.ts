import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { config } from "./env.server";

export type Mail = { to: string; subject: string; text: string; headers?: Record<string, string> };

let transport: Transporter | undefined;

/**
 * SMTP when SMTP_URL is set; otherwise nodemailer builds the real message and it is written as
 * an .eml file to $DATA_DIR/outbox, so development and tests read exactly what would be sent.
 */
function getTransport() {
  const cfg = config();
  transport ??= cfg.smtpUrl ? nodemailer.createTransport(cfg.smtpUrl) : nodemailer.createTransport({ streamTransport: true, buffer: true });
  return transport;
}

export function outboxDir() {
  return path.join(config().dataDir, "outbox");
}

export async function sendMail(mail: Mail) {
  const cfg = config();
  const info = await getTransport().sendMail({ from: cfg.mailFrom, ...mail });
  if (cfg.smtpUrl) return;
  const dir = outboxDir();
  mkdirSync(dir, { recursive: true });
  const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.eml`;
  writeFileSync(path.join(dir, name), (info as unknown as { message: Buffer }).message);
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
  console.log(`Mail to ${mail.to}: "${mail.subject}" written to outbox/${name}${link ? ` (link: ${link})` : ""}`);
}
