// Screenshots pages of a running server, optionally signed in as a demo member without two-factor:
//   tsx scripts/screenshot.ts <base-url> <out-dir> <width> [email] <path>...
import { launchBrowser } from "../test/helpers/browser";
import { DEMO_PASSWORD } from "../db/seed/demo";

const [base, outDir, width, email, ...paths] = process.argv.slice(2);
if (!base || !outDir || !width) throw new Error("usage: tsx scripts/screenshot.ts <base-url> <out-dir> <width> [email|-] <path>...");
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
if (email && email !== "-") {
  await page.goto(`${base}/login`);
  await page.fill("#email", email);
  await page.fill("#password", DEMO_PASSWORD);
  await page.click("button[type=submit]:has-text('Sign in')");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}
for (const path of paths) {
  await page.goto(`${base}${path}`);
  const file = `${outDir}/${path.replace(/[^a-z0-9]+/gi, "_") || "home"}-${width}.png`;
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}
await browser.close();
