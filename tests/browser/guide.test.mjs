// The real guide, page by page, as a reader on a phone sees it: every page starts the module
// with no console error or CSP violation, and axe-core finds no accessibility violation, in
// light and dark mode.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Site } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { launch, ready, axe } from "./lib/browser.mjs";

let site, server, pages;

before(async () => {
  site = new Site("guide");
  site.build("--base-url", "https://example.org/refund/");
  server = await serve(site.out, "/refund/");
  const sitemap = site.read("public/sitemap.xml");
  pages = [...sitemap.matchAll(/<loc>https:\/\/example\.org\/refund\/([^<]*)<\/loc>/g)].map((m) => m[1]);
});

after(async () => {
  await server?.close();
  site?.remove();
});

for (const colorScheme of ["light", "dark"]) {
  test(`every page of the guide works and passes axe-core (${colorScheme}, phone)`, async () => {
    assert.ok(pages.length >= 15, `the sitemap lists ${pages.length} pages`);
    const browser = await launch({ colorScheme, viewport: { width: 390, height: 844 } });
    try {
      await browser.context.addInitScript(() => {
        window.__cspViolations = [];
        document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective));
      });
      const page = await browser.page();
      for (const path of pages) {
        await page.goto(server.url + path);
        await ready(page);
        assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], `CSP violations on /${path}`);
        assert.deepEqual(await axe(page), [], `axe violations on /${path}`);
      }
      assert.deepEqual(browser.problems, []);
    } finally {
      await browser.close();
    }
  });
}

test("the guide's composers draft a request with the evidence the reader ticked", async () => {
  const browser = await launch();
  try {
    const page = await browser.page();
    await page.goto(server.url + "steps/gather-evidence/");
    await ready(page);
    const first = page.locator("input[data-item]").first();
    const text = (await page.locator(`label[for="${await first.getAttribute("id")}"]`).textContent()).trim();
    await first.check();
    await page.goto(server.url + "steps/contact-tiktok/");
    await ready(page);
    const body = await page.textContent("[data-composer=tiktok-request] [data-preview-body]");
    assert.ok(body.includes(`- ${text}`), `the draft lists the ticked evidence:\n${body}`);
    assert.ok(!/@/.test(body), "the draft contains no e-mail address");
  } finally {
    await browser.close();
  }
});

test("the guide's amounts start with no currency and keep the one the reader chooses", async () => {
  const browser = await launch();
  try {
    const page = await browser.page();
    await page.goto(server.url + "other-routes/card-dispute/");
    await ready(page);
    const composer = "[data-composer=card-dispute-letter]";
    const select = `${composer} select[data-currency-for=amount]`;
    assert.equal(await page.inputValue(select), "", "no currency is preselected");
    const offered = await page.locator(`${select} option`).allTextContents();
    for (const code of ["IDR", "BRL", "TRY", "VND", "GBP", "USD"]) assert.ok(offered.includes(code), `${code} is offered`);
    await page.fill(`${composer} [data-field=amount]`, "12.50");
    await page.waitForFunction((sel) => /payment of 12\.50 to/.test(document.querySelector(sel).textContent), `${composer} [data-preview-body]`);
    await page.selectOption(select, "BRL");
    await page.waitForFunction((sel) => /payment of 12\.50 BRL to/.test(document.querySelector(sel).textContent), `${composer} [data-preview-body]`);
    await page.reload();
    await ready(page);
    assert.equal(await page.inputValue(select), "BRL", "the reader's choice is kept");
  } finally {
    await browser.close();
  }
});
