// The quality gate: Lighthouse 100 / 100 / 100 / 100 (performance, accessibility, best
// practices, SEO) on every page type of the guide, on a phone and on a desktop, served like a
// static host (its own `_headers`, so the Content-Security-Policy applies; gzip, as CDNs do).
// Lighthouse 12.2.3 runs under the Node 22 of the `node` package, in Debian's chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Site } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { CHROMIUM } from "./lib/browser.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const NODE_22 = join(HERE, "node_modules/node/bin/node");
const BASE = "/tiktok-refund/";

/** Every page type, by a page of the guide that is of it. */
const PAGE_TYPES = [
  { name: "home", path: "" },
  { name: "section", path: "steps/" },
  { name: "step with checklist", path: "steps/gather-evidence/", has: "data-checklist=" },
  { name: "composer", path: "steps/contact-tiktok/", has: "data-composer=" },
  { name: "sources", path: "sources/" },
  // The 404 page as the host sends it for a missing address (Lighthouse marks any 404 status
  // down in SEO, so it is measured at its own address).
  { name: "404", path: "404.html" },
];
const FORM_FACTORS = ["mobile", "desktop"];

let site, server;

before(async () => {
  site = new Site("guide");
  site.build();
  server = await serve(site.out, BASE, { gzip: true });
});

after(async () => {
  await server?.close();
  site?.remove();
});

/** Runs Lighthouse on `runs`; resolves with one result per run. */
function lighthouse(runs) {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE_22, [join(HERE, "lib/lighthouse-run.mjs"), JSON.stringify(runs)], {
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`Lighthouse exited with ${code}:\n${err}`));
      resolve(out.trim().split("\n").map((line) => JSON.parse(line)));
    });
  });
}

test("Lighthouse scores 100 in every category on every page type, mobile and desktop", async (t) => {
  assert.ok(existsSync(NODE_22), "Node 22 from the `node` package: run `npm ci` in tests/browser");
  for (const type of PAGE_TYPES.filter((type) => type.has)) {
    const html = readFileSync(join(site.out, type.path, "index.html"), "utf8");
    assert.ok(html.includes(type.has), `${type.path} is still a "${type.name}" page`);
  }
  const runs = FORM_FACTORS.flatMap((formFactor) =>
    PAGE_TYPES.map((type) => ({ name: type.name, url: server.url + type.path, formFactor })),
  );
  const results = await lighthouse(runs);
  assert.equal(results.length, runs.length);
  for (const result of results) {
    const { performance, accessibility, "best-practices": practices, seo } = result.scores;
    const metrics = Object.entries(result.metrics)
      .map(([name, value]) => `${name} ${name === "cls" ? value.toFixed(3) : Math.round(value)}`)
      .join(", ");
    t.diagnostic(`${result.formFactor} ${result.name}: ${performance}/${accessibility}/${practices}/${seo} (${metrics})`);
  }
  for (const result of results) {
    await t.test(`${result.formFactor}: ${result.name}`, () => {
      assert.deepEqual(result.errors, []);
      const failing = result.failing.map((audit) => `${audit.category}: ${audit.audit} (${audit.score}; ${audit.value})`);
      assert.deepEqual(
        result.scores,
        { performance: 100, accessibility: 100, "best-practices": 100, seo: 100 },
        `audits below 1: ${failing.join("; ")}`,
      );
    });
  }
});
