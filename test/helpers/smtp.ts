import { createServer, type Server, type Socket } from "node:net";
import { parseMail, type ParsedMail } from "./http";

export type FakeSmtp = { url: string; messages: ParsedMail[]; close: () => Promise<void> };

/**
 * The smallest SMTP server nodemailer will talk to (RFC 5321 without extensions): it accepts
 * every message and keeps it, so a test can count exactly what a server delivered.
 */
export async function startFakeSmtp(): Promise<FakeSmtp> {
  const messages: ParsedMail[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = "";
    let data: string[] | null = null;
    socket.write("220 fake.smtp.test ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let end: number;
      while ((end = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === ".") {
            messages.push(parseMail(data.map((l) => (l.startsWith("..") ? l.slice(1) : l)).join("\r\n"), `smtp-${messages.length + 1}`));
            data = null;
            socket.write("250 2.0.0 queued\r\n");
          } else data.push(line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250 fake.smtp.test\r\n");
        else if (verb === "DATA") {
          data = [];
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => closeServer(server, sockets) };
}

function closeServer(server: Server, sockets: Set<Socket>) {
  for (const s of sockets) s.destroy();
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

/** An SMTP address where nothing listens: every connection is refused, as when the relay is down. */
export async function downSmtpUrl() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `smtp://127.0.0.1:${port}`;
}
