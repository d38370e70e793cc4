// Screenshots a page of a running server: tsx scripts/screenshot.ts <url> <file.png> [width] [cookie]
import { launchBrowser } from "../test/helpers/browser";

const [url, file, width = "1280", cookie] = process.argv.slice(2);
if (!url || !file) throw new Error("usage: tsx scripts/screenshot.ts <url> <file.png> [width] [cookie]");
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: Number(width), height: 900 } });
if (cookie) {
  const [name, value] = cookie.split("=");
  await context.addCookies([{ name: name!, value: value!, url }]);
}
const page = await context.newPage();
await page.goto(url);
await page.screenshot({ path: file, fullPage: true });
await browser.close();
