// Takes screenshots of a built site at phone and desktop widths, in light and dark mode, for
// a person to look at before calling a page done. Not a test: run it by hand.
//
//   node tests/browser/screenshots.mjs [fixture=guide] [path ...]
//
// Files go to tests/browser/screenshots/ (ignored by git).
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Site } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { launch, ready } from "./lib/browser.mjs";

const [fixture = "guide", ...paths] = process.argv.slice(2);
const out = join(dirname(fileURLToPath(import.meta.url)), "screenshots");
mkdirSync(out, { recursive: true });

const site = new Site(fixture);
site.build("--base-url", "http://127.0.0.1/");
const server = await serve(site.out, "/");
const pages = paths.length ? paths : [""];
for (const [name, viewport] of [["phone", { width: 390, height: 844 }], ["desktop", { width: 1280, height: 900 }]]) {
  for (const colorScheme of ["light", "dark"]) {
    const browser = await launch({ viewport, colorScheme });
    const page = await browser.page();
    for (const path of pages) {
      await page.goto(server.url + path);
      await ready(page);
      const file = join(out, `${(path || "index").replaceAll("/", "_")}-${name}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    if (browser.problems.length) console.log("console problems:", browser.problems);
    await browser.close();
  }
}
await server.close();
site.remove();
