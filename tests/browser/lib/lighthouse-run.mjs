// Runs Lighthouse (12.2.3, under the Node 22 that the `node` package installs) on a list of
// addresses in Debian's chromium, and prints each run's category scores and failing audits as
// one JSON line. Called by `lighthouse.test.mjs`: node lighthouse-run.mjs '<json runs>'
// where runs is [{ name, url, formFactor: "mobile" | "desktop" }]. With LIGHTHOUSE_REPORTS=DIR
// it also writes each whole report there.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import { ARGS } from "./browser.mjs";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
// The same flags as every other browser test (`lib/browser.mjs`).
const FLAGS = ARGS;

const runs = JSON.parse(process.argv[2]);
const profile = mkdtempSync(join(tmpdir(), "stepwise-lighthouse-"));
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: FLAGS,
  userDataDir: profile,
  // Only the flags above: no extensions or defaults of chrome-launcher's own.
  ignoreDefaultFlags: true,
});
try {
  for (const run of runs) {
    const config = run.formFactor === "desktop" ? desktopConfig : { extends: "lighthouse:default" };
    const result = await lighthouse(
      run.url,
      { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES },
      config,
    );
    const lhr = result.lhr;
    // For a closer look: the whole report of each run.
    if (process.env.LIGHTHOUSE_REPORTS) {
      writeFileSync(join(process.env.LIGHTHOUSE_REPORTS, `${run.name}-${run.formFactor}.json`), result.report);
    }
    const scores = Object.fromEntries(CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)]));
    const failing = [];
    for (const id of CATEGORIES) {
      for (const ref of lhr.categories[id]?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          failing.push({ category: id, audit: ref.id, score: audit.score, value: audit.displayValue ?? "" });
        }
      }
    }
    const metrics = {
      fcp: lhr.audits["first-contentful-paint"]?.numericValue,
      lcp: lhr.audits["largest-contentful-paint"]?.numericValue,
      tbt: lhr.audits["total-blocking-time"]?.numericValue,
      cls: lhr.audits["cumulative-layout-shift"]?.numericValue,
      si: lhr.audits["speed-index"]?.numericValue,
    };
    const errors = lhr.runtimeError ? [lhr.runtimeError.message] : [];
    console.log(JSON.stringify({ ...run, scores, failing, metrics, errors, warnings: lhr.runWarnings }));
  }
} finally {
  await chrome.kill();
  rmSync(profile, { recursive: true, force: true });
}
