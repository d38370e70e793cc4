import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signIn, totpCode, Visitor } from "../helpers/http";
import { answered, rawRequest, repeat } from "../helpers/raw-http";
import { startThread } from "../helpers/forum";
import { startTestServer, type TestServer } from "../helpers/server";
import { DEMO_PASSWORD, DEMO_TOTP_KEY } from "../../db/seed/demo";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const MB = 1024 * 1024;
const signInForm = "email=nobody%40nowhere.example&password=wrong&redirectTo=%2F&pad=";

/** Fails instead of hanging when the server waits for a body it should not read. */
function within<T>(ms: number, promise: Promise<T>) {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);
}

describe("request bodies are capped before they are read", () => {
  test("a form body over 1 MB is refused by its Content-Length with a page naming the limit", async () => {
    const res = answered(await rawRequest(server, { path: "/login", body: signInForm + "a".repeat(5 * MB) }));
    expect(res.status).toBe(413);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.text).toContain("The form you sent is too large");
    expect(res.text).toContain("1 MB");
    expect(res.text).toMatch(/<link rel="stylesheet" href="\/build\/[^"]+\.css"/);
  });

  test("a chunked body is counted as it arrives", async () => {
    const res = answered(await rawRequest(server, { path: "/login", chunks: [Buffer.from(signInForm), ...repeat(Buffer.alloc(64 * 1024, "a"), 80)] }));
    expect(res.status).toBe(413);
    expect(res.text).toContain("1 MB");
  });

  test("a declared 400 MB body is answered at once, without waiting for it", async () => {
    const res = answered(await within(10_000, rawRequest(server, { path: "/login", declared: 400 * MB, body: signInForm })));
    expect(res.status).toBe(413);
  });

  test("a form just under the limit (a lesson in full) is read as usual", async () => {
    const res = answered(await rawRequest(server, { path: "/login", body: signInForm + "a".repeat(MB - 1000) }));
    expect(res.status).toBe(400);
    expect(res.text).toContain("Enter a correct e-mail address and password");
  });

  test("the upload routes take UPLOAD_MAX_BYTES and form overhead, and refuse more up front", async () => {
    const chief = await signIn(server, "chief@cleveland-police.example");
    const form = new FormData();
    form.append("title", "A two-megabyte text template");
    form.append("file", new Blob(["Plain text.\n".repeat((2 * MB) / 12)]), "big-note.txt");
    const big = await chief.postMultipart("/library/new", form);
    expect(big.status).not.toBe(413);
    expect(await big.text()).not.toContain("The form you sent is too large");
    const cookie = [...chief.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const headers = { cookie, "content-type": "multipart/form-data; boundary=x" };
    for (const path of ["/library/new", "/library/1/versions/new"]) {
      const res = answered(await within(10_000, rawRequest(server, { path, headers, declared: 30 * MB, body: "--x\r\n" })));
      expect(res.status, path).toBe(413);
      expect(res.text).toContain("25 MB");
    }
  });
});

describe("redirects after sign-in stay on this site", () => {
  const evil = ["/%09/evil.example/phish", "/%0d%0a/evil.example", "%0d%0aSet-Cookie:%20x=1", "//evil.example", "/%5Cevil.example", "%5C/evil.example", "https://evil.example/", "javascript:alert(1)"];

  test.each(evil)("a signed-in member opening /login?redirectTo=%s goes home", async (target) => {
    const chief = await signIn(server, "chief@cleveland-police.example");
    const res = await chief.get(`/login?redirectTo=${target}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
  });

  test("signing in with a hostile redirectTo goes home; a same-site one is followed", async () => {
    for (const redirectTo of ["/\t/evil.example/phish", "/\r\n/evil.example", "\\/evil.example"]) {
      const res = await new Visitor(server).post("/login", { email: "lead@homeoffice.example", password: DEMO_PASSWORD, redirectTo });
      expect(res.status, JSON.stringify(redirectTo)).toBe(302);
      expect(res.headers.get("location")).toBe("/");
    }
    const ok = await new Visitor(server).post("/login", { email: "lead@homeoffice.example", password: DEMO_PASSWORD, redirectTo: "/lessons?phase=2" });
    expect(ok.headers.get("location")).toBe("/lessons?phase=2");
  });

  test("the two-factor step goes home too", async () => {
    const visitor = new Visitor(server);
    const first = await visitor.post("/login", { email: "moderator@example.org", password: DEMO_PASSWORD, redirectTo: "/\t/evil.example" });
    expect(first.headers.get("location")).toBe("/login/two-factor?redirectTo=%2F");
    for (const offset of [0, 1]) {
      const res = await visitor.post("/login/two-factor", { code: totpCode(DEMO_TOTP_KEY, offset), redirectTo: "/\t/evil.example/phish" });
      if (res.status !== 302) continue;
      expect(res.headers.get("location")).toBe("/");
      return;
    }
    throw new Error("two-factor sign-in failed");
  });
});

describe("answers that depend on who is signed in are never cached", () => {
  test.each(["/threads/2/x.data", "/threads/2/x", "/.data", "/search.data?q=custody", "/login.data"])("%s is private, no-store and varies by cookie", async (path) => {
    const chief = await signIn(server, "chief@cleveland-police.example");
    const res = await chief.get(path);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("vary")?.toLowerCase()).toContain("cookie");
  });
});

describe("pages are written whole, as UTF-8 (the server writes the rendered text itself)", () => {
  const words = "Café – “quoted” naïve 🚓 £1,200 ✓";
  test("a thread with text beyond ASCII reads back exactly", async () => {
    const chief = await signIn(server, "chief@cleveland-police.example");
    const { url } = await startThread(chief, "open-discussions", { title: `Encoding ${words}`, body: `Body ${words}` });
    const res = await chief.get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const page = await res.text();
    expect(page).toContain(`<h1 class="govuk-heading-l">Encoding ${words}</h1>`);
    expect(page).toContain(`<p>Body ${words}</p>`);
    expect(page.trimEnd().endsWith("</script>")).toBe(true);
  });

  test("HEAD answers a page's headers without its body; a missing page still renders its error page", async () => {
    const head = await rawRequest(server, { method: "HEAD", path: "/accessibility" });
    expect(head).toMatchObject({ status: 200, text: "" });
    expect("headers" in head && head.headers["content-type"]).toBe("text/html; charset=utf-8");
    const missing = await fetch(`${server.url}/no-such-page`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Page not found");
  });
});

describe("the cross-site check trusts BASE_URL, not Host", () => {
  const form = "email=lead%40homeoffice.example&password=exchange-demo-1&redirectTo=%2F";

  test("a forged Host that matches a forged Origin is refused", async () => {
    const res = answered(await rawRequest(server, { path: "/login", body: form, headers: { host: "evil.example", origin: "http://evil.example", "sec-fetch-site": "" } }));
    expect(res.status).toBe(403);
  });

  test.each<Record<string, string>>([
    { "sec-fetch-site": "same-origin", origin: "http://evil.example" },
    { origin: "null" },
    { origin: "not a url" },
  ])("a post Remix's own origin check would refuse answers 403, not 500: %o", async (headers) => {
    const res = answered(await rawRequest(server, { path: "/login", body: form, headers }));
    expect(res.status).toBe(403);
  });

  test("a same-origin post through a proxy that adds X-Forwarded-Host is not an error", async () => {
    const res = answered(await rawRequest(server, { path: "/login", body: form, headers: { origin: server.url, "x-forwarded-host": "internal.example:8080" } }));
    expect(res.status).toBe(302);
  });

  test("a one-click unsubscribe (exempt from the check) with a foreign Origin is judged by its signature, not an error", async () => {
    const res = answered(await rawRequest(server, { path: "/unsubscribe?u=1&s=forged", body: "List-Unsubscribe=One-Click", headers: { origin: "https://mail.example", "sec-fetch-site": "" } }));
    expect(res.status).toBe(400);
  });

  test("OPTIONS from another site is refused, not an error", async () => {
    const res = answered(await rawRequest(server, { method: "OPTIONS", path: "/login", body: "", headers: { origin: "http://evil.example", "sec-fetch-site": "" } }));
    expect(res.status).toBe(403);
  });
});

describe("an early answer leaves the connection usable for the next request", () => {
  async function pairOnOneSocket(first: Parameters<typeof rawRequest>[1], firstStatus: number) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 3; i++) {
        const [a, b] = await Promise.all([
          rawRequest(server, { ...first, agent }),
          rawRequest(server, { path: "/settings", body: "\0".repeat(5000), headers: { cookie: "exchange_session=ended" }, agent }),
        ]);
        expect(answered(a).status).toBe(firstStatus);
        expect(answered(b).status).toBe(302);
      }
    } finally {
      agent.destroy();
    }
  }

  test("a redirect to sign in, sent before a 1 MB form is read", async () => {
    await pairOnOneSocket({ path: "/settings", body: "body=" + "x".repeat(1_000_000), headers: { cookie: "exchange_session=ended" } }, 302);
  });

  test("a 413 for a body declared too large", async () => {
    await pairOnOneSocket({ path: "/login", body: "a".repeat(2 * MB) }, 413);
  });

  test("a 403 for a cross-site post", async () => {
    await pairOnOneSocket({ path: "/login", body: "a".repeat(500_000), headers: { "sec-fetch-site": "cross-site" } }, 403);
  });
});

describe("readers who leave before their page is sent", () => {
  test("cost the server nothing lasting: no error logged, and the next reader gets the page", async () => {
    const chief = await signIn(server, "chief@cleveland-police.example");
    const cookie = [...chief.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const before = server.output();
    // Each request is sent whole, then its socket closed 0-9 ms later: waiting, being made or being sent.
    const { port } = new URL(server.url);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        new Promise<void>((resolve) => {
          const socket = net.connect(Number(port), "127.0.0.1", () => {
            const path = i % 2 ? "/" : "/spaces/open-discussions";
            socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\n\r\n`, () => setTimeout(() => (socket.destroy(), resolve()), i % 10));
          });
          socket.on("error", () => resolve());
        }),
      ),
    );
    const res = await chief.get("/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Partnering Exchange");
    // Time for a request still being made when the socket closed to end and log what it would.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.output().slice(before.length)).not.toMatch(/Error|ERR_/);
  });
});

describe("public files", () => {
  test("robots.txt keeps crawlers out", async () => {
    const res = await fetch(`${server.url}/robots.txt`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^User-agent: \*\nDisallow: \/$/m);
  });

  test("a favicon as .ico and .svg, linked from every page", async () => {
    const ico = await fetch(`${server.url}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(Buffer.from(await ico.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    const svg = await fetch(`${server.url}/favicon.svg`);
    expect(svg.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toContain("<svg");
    const page = await (await fetch(`${server.url}/login`)).text();
    expect(page).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>');
  });

  test("/.well-known/security.txt says where to report a vulnerability (RFC 9116), and has not expired", async () => {
    const res = await fetch(`${server.url}/.well-known/security.txt`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^Contact: (mailto:|https:\/\/)\S+$/m);
    expect(text).toMatch(/^Preferred-Languages: en$/m);
    expect(text).toMatch(/^Canonical: https:\/\/\S+\/\.well-known\/security\.txt$/m);
    const expires = new Date(/^Expires: (\S+)$/m.exec(text)![1]!);
    expect(expires.getTime()).toBeGreaterThan(Date.now());
    expect(expires.getTime()).toBeLessThan(Date.now() + 366 * 24 * 3600_000);
  });
});

describe("a process with a full request queue", () => {
  test("answers 503 busy at once, with the security headers every answer carries", async () => {
    const busy = await startTestServer({ REQUEST_QUEUE_LIMIT: "1", WEB_CONCURRENCY: "1" });
    try {
      // With room for one waiting request, a burst of simultaneous ones overflows the queue.
      let refused: Exclude<Awaited<ReturnType<typeof rawRequest>>, { error: string }>[] = [];
      for (let round = 0; round < 5 && refused.length === 0; round++) {
        const answers = (await Promise.all(Array.from({ length: 40 }, () => rawRequest(busy, { method: "GET", path: "/healthz" })))).map(answered);
        expect(answers.every((a) => a.status === 200 || a.status === 503)).toBe(true);
        refused = answers.filter((a) => a.status === 503);
      }
      expect(refused.length).toBeGreaterThan(0);
      for (const a of refused) {
        expect(a.headers["retry-after"]).toBe("1");
        expect(a.text).toMatch(/busy/);
        expect(a.headers["x-content-type-options"]).toBe("nosniff");
        expect(a.headers["content-security-policy"]).toMatch(/default-src 'self'/);
      }
    } finally {
      await busy.stop();
    }
  });
});
