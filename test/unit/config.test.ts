import { availableParallelism } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError, parseConfig } from "~/lib/env.server";

const SECRET = "x".repeat(40);

describe("configuration", () => {
  test("defaults give port 3000, ./data, a database inside it and a worker process per core", () => {
    const cfg = parseConfig({ SESSION_SECRET: SECRET });
    expect(cfg.port).toBe(3000);
    expect(cfg.dataDir).toBe(path.resolve("./data"));
    expect(cfg.databasePath).toBe(path.resolve("./data/exchange.db"));
    expect(cfg.baseUrl).toBe("http://localhost:3000");
    expect(cfg.isHttps).toBe(false);
    expect(cfg.smtpUrl).toBeNull();
    expect(cfg.demoData).toBe(true);
    expect(cfg.webConcurrency).toBe(Math.min(64, availableParallelism()));
  });

  test("good values are taken as given", () => {
    const cfg = parseConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      DATA_DIR: "/tmp/exchange",
      DATABASE_PATH: "/var/db/x.db",
      BASE_URL: "https://exchange.example.org/",
      SESSION_SECRET: SECRET,
      SMTP_URL: "smtp://mail.example.org:587",
      DEMO_DATA: "0",
      WEB_CONCURRENCY: "4",
    });
    expect(cfg).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      dataDir: "/tmp/exchange",
      databasePath: "/var/db/x.db",
      baseUrl: "https://exchange.example.org",
      isHttps: true,
      smtpUrl: "smtp://mail.example.org:587",
      demoData: false,
      webConcurrency: 4,
    });
  });

  test.each([
    [{ PORT: "eighty" }, /^PORT /],
    [{ PORT: "70000" }, /^PORT must be 0 to 65535/],
    [{ BASE_URL: "exchange.example.org" }, /^BASE_URL must be a full URL/],
    [{ BASE_URL: "ftp://exchange.example.org" }, /^BASE_URL must start with http/],
    [{ SESSION_SECRET: "short" }, /^SESSION_SECRET must be at least 32 characters/],
    [{ SMTP_URL: "http://mail.example.org" }, /^SMTP_URL must start with smtp/],
    [{ DEMO_DATA: "yes" }, /^DEMO_DATA must be 0 or 1/],
    [{ WEB_CONCURRENCY: "0" }, /^WEB_CONCURRENCY must be at least 1/],
    [{ WEB_CONCURRENCY: "two" }, /^WEB_CONCURRENCY is not valid/],
  ])("a bad value names the variable and the problem: %o", (env, message) => {
    expect(() => parseConfig({ SESSION_SECRET: SECRET, ...env })).toThrow(ConfigError);
    expect(() => parseConfig({ SESSION_SECRET: SECRET, ...env })).toThrow(message);
  });

  test("a session secret is generated once and kept in the data folder", async () => {
    const { mkdtempSync } = await import("node:fs");
    const dir = mkdtempSync(path.join((await import("node:os")).tmpdir(), "exchange-cfg-"));
    const first = parseConfig({ DATA_DIR: dir }).sessionSecret;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(parseConfig({ DATA_DIR: dir }).sessionSecret).toBe(first);
  });
});

describe("TRUST_PROXY", () => {
  test("off unless set", () => {
    expect(parseConfig({ SESSION_SECRET: SECRET }).trustProxy).toBe(false);
    expect(parseConfig({ SESSION_SECRET: SECRET, TRUST_PROXY: "0" }).trustProxy).toBe(false);
  });

  test("a hop count, or a list of addresses, subnets and Express's names", () => {
    expect(parseConfig({ SESSION_SECRET: SECRET, TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(parseConfig({ SESSION_SECRET: SECRET, TRUST_PROXY: "loopback, 10.0.0.0/8 ,192.168.1.7,fd00::/8,::1" }).trustProxy).toEqual([
      "loopback",
      "10.0.0.0/8",
      "192.168.1.7",
      "fd00::/8",
      "::1",
    ]);
  });

  test.each(["true", "yes", "-1", "1.5", "10.0.0.0/33", "::1/129", "300.1.1.1", "proxy.example.org", "10.0.0.1,", "loopback,,10.0.0.1"])("%j stops start-up with a clear line", (value) => {
    expect(() => parseConfig({ SESSION_SECRET: SECRET, TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => parseConfig({ SESSION_SECRET: SECRET, TRUST_PROXY: value })).toThrow(/^TRUST_PROXY /);
  });
});
