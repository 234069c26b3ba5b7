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

test("the guide's composers: one heading, GOV.UK error wording, radios, no blank-line runs with optional fields empty", async () => {
  const browser = await launch({ viewport: { width: 390, height: 844 }, permissions: ["clipboard-read", "clipboard-write"] });
  try {
    const page = await browser.page();
    await page.goto(server.url + "steps/gather-evidence/");
    await ready(page);
    await page.locator("input[data-item]").first().check();
    for (const [path, id] of [["steps/contact-tiktok/", "tiktok-request"], ["steps/follow-up/", null], ["other-routes/card-dispute/", null]]) {
      await page.goto(server.url + path);
      await ready(page);
      const composer = page.locator("[data-composer]").first();
      // The page's heading is the form's heading on screen; the title names the form for screen readers.
      const legend = composer.locator("legend.composer-title");
      assert.equal(await legend.evaluate((l) => l.getBoundingClientRect().height <= 1), true, `${path}: the title shows as a second heading`);
      assert.ok((await legend.textContent()).length > 5);
      if (id) {
        // Nothing filled in: a required choice's error is GOV.UK's wording and links to its first radio.
        await composer.getByRole("button", { name: "Copy message" }).click();
        const choice = composer.locator("fieldset[data-kind=choice][data-required=true]").first();
        const label = await choice.getAttribute("data-label");
        const expected = (await choice.getAttribute("data-error")) ?? `Select ${label[0].toLowerCase()}${label.slice(1)}`;
        const radio = await choice.locator("input[type=radio]").first().getAttribute("id");
        const link = composer.locator(`[data-error-summary] li a[href="#${radio}"]`);
        assert.equal(await link.textContent(), expected);
        assert.doesNotMatch(expected, /\?/, "no question in an error message");
        await link.click();
        assert.equal(await page.evaluate(() => document.activeElement.id), radio);
        // Choosing an option takes its error away.
        await page.keyboard.press("Space");
        assert.equal(await choice.locator(".field-error").isHidden(), true);
        assert.equal(await link.locator("xpath=..").isHidden(), true);
      }
      // An optional choice of one option is a checkbox, which can be unticked again.
      for (const single of await composer.locator("fieldset[data-kind=choice]:not([data-required]) .checkboxes input").all()) {
        await single.check();
        await single.uncheck();
      }
      // Fill only what is required, then copy: the text reads as a person would write it.
      for (const field of await composer.locator("[data-field][data-required=true]").all()) {
        const kind = await field.getAttribute("data-kind");
        if (kind === "choice") await field.locator("input").first().check();
        else if (kind === "date") {
          for (const [part, value] of [["day", "2"], ["month", "11"], ["year", "2026"]]) await field.locator(`[data-date-part=${part}]`).fill(value);
        } else if (kind === "email") await field.fill("reader@example.net");
        else if (kind === "amount") await field.fill("10");
        else await field.fill("Something");
      }
      await composer.getByRole("button", { name: "Copy message" }).click();
      await composer.locator("text=Message copied.").waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.doesNotMatch(copied, /\n\s*\n\s*\n/, `${path}: two blank lines in a row:\n${copied}`);
      assert.doesNotMatch(copied, /^\s*\n|\n\s*$/, `${path}: a blank line at an end:\n${copied}`);
      assert.doesNotMatch(copied, /^- .*\n[^-\n]/m, `${path}: a list runs into the next paragraph:\n${copied}`);
      assert.deepEqual(await axe(page), [], `axe on ${path} with errors`);
    }
    assert.deepEqual(browser.problems, []);
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
