// The reader's layout, measured in the real guide: what the first screen of a phone shows,
// that nothing moves once the module has started (layout-shift entries), the menu and the
// steps without JavaScript, checkbox targets, the "untick all" button, stacked tables, and the
// sticky sidebar and right-hand contents on a wide screen.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Site } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { launch, ready, axe } from "./lib/browser.mjs";

const PHONE = { width: 390, height: 844 };
const SMALL_PHONE = { width: 360, height: 640 };
const DESKTOP = { width: 1366, height: 900 };
const PAGES = ["", "steps/", "steps/gather-evidence/", "steps/contact-tiktok/", "other-routes/card-dispute/"];

let site, server;

before(async () => {
  site = new Site("guide");
  site.build("--base-url", "http://127.0.0.1/");
  server = await serve(site.out, "/");
});

after(async () => {
  await server?.close();
  site?.remove();
});

/** Records layout shifts from the first paint on (buffered), for `shifts(page)` to read. */
async function watchShifts(context) {
  await context.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) {
          window.__shifts.push({ value: entry.value, nodes: entry.sources.map((s) => s.node?.outerHTML?.slice(0, 120) ?? "?") });
        }
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/** The layout shifts so far, once two frames have passed after the module started. */
async function shifts(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return page.evaluate(() => window.__shifts);
}

const total = (list) => list.reduce((sum, entry) => sum + entry.value, 0);

test("a 360×640 phone's first screen says what the guide is for and shows where to start", async () => {
  const browser = await launch({ viewport: SMALL_PHONE });
  try {
    const page = await browser.page();
    await page.goto(server.url);
    await ready(page);
    const box = async (selector) => page.locator(selector).first().boundingBox();
    const header = await box(".site-header");
    assert.ok(header.height <= 60, `the header is ${header.height}px tall (one line)`);
    const intro = await box("main .content > p");
    assert.ok(intro.y + intro.height <= SMALL_PHONE.height, `the first sentence ends at y=${intro.y + intro.height}`);
    // The route finder is the start page's first section: its heading and its first choice.
    const finder = await box("main .content .heading");
    assert.ok(finder.y + finder.height <= SMALL_PHONE.height - 100, `the route finder's heading is at y=${finder.y}`);
    const start = await box("main .content .heading ~ :is(p, ul, ol) a");
    assert.ok(start.y + start.height <= SMALL_PHONE.height, `the first place to start is at y=${start.y}`);
    // No progress tools for a first-time reader on the first screen.
    const progress = await box(".guide-progress");
    assert.ok(progress.y > SMALL_PHONE.height * 2, `the progress block is at y=${progress.y}`);
  } finally {
    await browser.close();
  }
});

for (const [name, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
  test(`nothing moves when the module starts, with and without saved progress (${name})`, async () => {
    const browser = await launch({ viewport });
    try {
      await watchShifts(browser.context);
      const page = await browser.page();
      for (const path of PAGES) {
        await page.goto(server.url + path);
        await ready(page);
        const list = await shifts(page);
        assert.ok(total(list) <= 0.01, `CLS ${total(list)} on /${path}: ${JSON.stringify(list)}`);
      }
      // Saved progress draws marks in the sidebar, the steps and the lists: still nothing moves.
      await page.goto(server.url + "steps/gather-evidence/");
      await ready(page);
      await page.locator("input[data-item]").nth(0).check();
      await page.locator("input[data-item]").nth(1).check();
      for (const path of PAGES) {
        await page.goto(server.url + path);
        await ready(page);
        const list = await shifts(page);
        assert.ok(total(list) <= 0.01, `CLS ${total(list)} on /${path} with progress: ${JSON.stringify(list)}`);
      }
      assert.deepEqual(browser.problems, []);
    } finally {
      await browser.close();
    }
  });
}

test("the menu opens at the top of a phone without JavaScript, and is the sidebar on a wide screen", async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    const browser = await launch({ viewport, javaScriptEnabled: false });
    try {
      const page = await browser.page();
      await page.goto(server.url + "steps/gather-evidence/");
      const link = page.locator(`${viewport === PHONE ? ".site-menu" : ".sidebar-wide"} a[href$='steps/follow-up/']`);
      if (viewport === PHONE) {
        assert.equal(await link.isVisible(), false, "the menu starts closed on a phone");
        const button = page.locator(".site-menu > summary");
        const box = await button.boundingBox();
        assert.ok(box.y < 60 && box.height >= 44, `the menu button is in the header: ${JSON.stringify(box)}`);
        await button.click();
        assert.equal(await link.isVisible(), true, "the menu opens");
        const opened = await link.boundingBox();
        assert.ok(opened.y < viewport.height, `the menu opens at the top of the page (link at y=${opened.y})`);
        await link.click();
        await page.waitForURL(/steps\/follow-up\/$/);
      } else {
        assert.equal(await page.locator(".site-menu > summary").isVisible(), false);
        // The sidebar's links are reached with the keyboard, after the header's (the skip
        // link, the title and the search field).
        await page.keyboard.press("Tab");
        await page.keyboard.press("Tab");
        await page.keyboard.press("Tab");
        await page.keyboard.press("Tab");
        assert.equal(await page.evaluate(() => document.activeElement.closest(".sidebar-wide") !== null), true, "the fourth tab stop is in the sidebar");
        assert.equal(await link.isVisible(), true, "the sidebar is shown on a wide screen");
      }
    } finally {
      await browser.close();
    }
  }
});

test("steps open one by one or all at once without JavaScript", async () => {
  const browser = await launch({ viewport: PHONE, javaScriptEnabled: false });
  try {
    const page = await browser.page();
    await page.goto(server.url);
    const tasks = page.locator(".step-tasks");
    const count = await tasks.count();
    assert.ok(count >= 5, `${count} steps`);
    for (let i = 0; i < count; i++) assert.equal(await tasks.nth(i).isVisible(), false);
    await page.locator(".step-summary").nth(2).click();
    assert.equal(await tasks.nth(2).isVisible(), true, "a step opens");
    assert.equal(await tasks.nth(1).isVisible(), false);
    await page.locator("label[for=step-nav-all]").click();
    for (let i = 0; i < count; i++) assert.equal(await tasks.nth(i).isVisible(), true, `step ${i + 1} is shown by "Show all steps"`);
  } finally {
    await browser.close();
  }
});

test("on a phone, On this page is a closed disclosure; on a wide screen it is a list at the right", async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    const browser = await launch({ viewport });
    try {
      const page = await browser.page();
      await page.goto(server.url + "steps/gather-evidence/");
      await ready(page);
      const link = page.locator(".toc a").first();
      const text = await page.locator(".content > p").first().boundingBox();
      if (viewport === PHONE) {
        assert.equal(await link.isVisible(), false);
        assert.ok(text.y < 400, `the text starts at y=${text.y}`);
        await page.locator(".toc > summary").click();
        assert.equal(await link.isVisible(), true);
      } else {
        assert.equal(await link.isVisible(), true);
        const box = await link.boundingBox();
        assert.ok(box.x > text.x + text.width, `the contents are right of the text (${box.x} vs ${text.x + text.width})`);
        // Both it and the sidebar stay in view as the reader scrolls.
        await page.evaluate(() => window.scrollTo(0, 2000));
        await page.waitForFunction(() => window.scrollY >= 1500);
        for (const selector of [".toc a", ".sidebar-wide a[aria-current=page]"]) {
          const seen = await page.locator(selector).first().boundingBox();
          assert.ok(seen.y >= 0 && seen.y < viewport.height, `${selector} is in view after scrolling (y=${seen.y})`);
        }
      }
    } finally {
      await browser.close();
    }
  }
});

test("checkbox rows have 44 px targets at least 4 px apart; untick all shows once something is ticked", async () => {
  const browser = await launch({ viewport: PHONE });
  try {
    const page = await browser.page();
    await page.goto(server.url + "steps/gather-evidence/");
    await ready(page);
    const list = page.locator("[data-checklist]").first();
    const boxes = await list.locator("input[data-item]").evaluateAll((inputs) => inputs.map((i) => i.getBoundingClientRect().toJSON()));
    assert.ok(boxes.length >= 5);
    for (const [i, box] of boxes.entries()) {
      assert.ok(box.width >= 44 && box.height >= 44, `box ${i} is ${box.width}×${box.height}`);
      if (i > 0) assert.ok(box.top - boxes[i - 1].bottom >= 4, `boxes ${i - 1} and ${i} are ${box.top - boxes[i - 1].bottom}px apart`);
    }
    const untick = list.locator("[data-action=reset-list]");
    assert.equal(await untick.isVisible(), false, "untick all is hidden while nothing is ticked");
    await list.locator("input[data-item]").first().check();
    assert.equal(await untick.isVisible(), true, "untick all shows once something is ticked");
    const target = await untick.boundingBox();
    assert.ok(target.height >= 44, `untick all is ${target.height}px tall`);
  } finally {
    await browser.close();
  }
});

test("tables of three columns are stacked on a phone, each cell under its column's name", async () => {
  const browser = await launch({ viewport: PHONE });
  try {
    const page = await browser.page();
    await page.goto(server.url);
    await ready(page);
    const table = page.locator("table.stacked").first();
    const box = await table.boundingBox();
    assert.ok(box.width <= PHONE.width - 32, `the table is ${box.width}px wide`);
    const cell = table.locator("tbody tr").first().locator("td").nth(1);
    const label = await cell.evaluate((td) => getComputedStyle(td, "::before").content);
    const header = (await table.locator("thead th").nth(1).textContent()).trim();
    assert.equal(label, JSON.stringify(header));
    // Words are not cut into a column of one word a line: the cell has the width of the screen.
    assert.ok((await cell.boundingBox()).width >= PHONE.width - 40);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width, "nothing scrolls sideways");
  } finally {
    await browser.close();
  }
});

test("buttons are full width on a phone; long pages link to their form", async () => {
  const browser = await launch({ viewport: PHONE });
  try {
    const page = await browser.page();
    await page.goto(server.url);
    await ready(page);
    await page.locator(".progress-tools > summary").click();
    const row = await page.locator(".progress-tools .button-row").boundingBox();
    for (const selector of ["[data-action=export]", "label[for=import-progress]", "[data-action=reset-all]"]) {
      const box = await page.locator(`.progress-tools ${selector}`).boundingBox();
      assert.ok(Math.abs(box.width - row.width) < 1, `${selector} is ${box.width}px of ${row.width}px`);
    }
    await page.goto(server.url + "steps/contact-tiktok/");
    await ready(page);
    const jump = page.locator(".jump-link a");
    assert.ok((await jump.boundingBox()).y < PHONE.height, "the link to the form is on the first screen");
    await jump.click();
    await page.waitForFunction(() => location.hash.startsWith("#form-"));
    const form = await page.locator(".composer").first().boundingBox();
    assert.ok(Math.abs(form.y) < 2, `the form is at the top of the screen (y=${form.y})`);
    // While the reader fills the form in, its buttons stay in view.
    const copy = page.locator(".composer [data-action=copy-body]").first();
    await page.locator(".composer input, .composer select").first().focus();
    const button = await copy.boundingBox();
    assert.ok(button.y + button.height <= PHONE.height, `the copy button is in view (y=${button.y})`);
  } finally {
    await browser.close();
  }
});

test("each step shows its own progress once something in it is ticked, in the steps and the sidebar", async () => {
  const browser = await launch({ viewport: DESKTOP });
  try {
    const page = await browser.page();
    await page.goto(server.url + "steps/gather-evidence/");
    await ready(page);
    const own = page.locator(".sidebar-wide a[aria-current=page] [data-nav-progress]");
    assert.equal(await own.isVisible(), false, "no mark before anything is ticked");
    const total = await page.locator("input[data-item]").count();
    await page.locator("input[data-item]").nth(0).check();
    await page.locator("input[data-item]").nth(1).check();
    assert.equal(await own.isVisible(), true);
    assert.equal((await own.textContent()).trim(), `2/${total}, 2 of ${total} done`);
    await page.goto(server.url);
    await ready(page);
    const marks = page.locator(".step-nav .step-progress");
    const texts = await marks.evaluateAll((spans) => spans.map((s) => (getComputedStyle(s).visibility === "visible" ? s.textContent : "")));
    assert.deepEqual(texts.filter(Boolean), [`2 of ${total} done`], `marks: ${JSON.stringify(texts)}`);
    const step = page.locator(".step", { has: page.locator("a[href$='steps/gather-evidence/']") });
    assert.equal((await step.locator(".step-progress").textContent()).trim(), `2 of ${total} done`);
  } finally {
    await browser.close();
  }
});

test("On this page marks the heading the reader is at", async () => {
  const browser = await launch({ viewport: DESKTOP });
  try {
    const page = await browser.page();
    await page.goto(server.url + "steps/gather-evidence/");
    await ready(page);
    const current = () => page.locator(".toc a[aria-current=true]").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    const first = await page.locator(".toc a").first().getAttribute("href");
    await page.waitForFunction((href) => document.querySelector(`.toc a[href="${href}"]`)?.getAttribute("aria-current") === "true", first);
    assert.deepEqual(await current(), [first]);
    const hrefs = await page.locator(".toc a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.length >= 4, `${hrefs.length} links`);
    // The two headings with the longest sections after them, in page order: down, then back up.
    const gaps = await page.evaluate((hrefs) => {
      const tops = hrefs.map((href) => document.getElementById(href.slice(1)).getBoundingClientRect().top + window.scrollY);
      return tops.slice(0, -1).map((top, i) => [tops[i + 1] - top, i]);
    }, hrefs);
    const [a, b] = gaps.sort((x, y) => y[0] - x[0]).slice(0, 2).map(([, i]) => i).sort((x, y) => x - y);
    for (const index of [b, a]) {
      const id = hrefs[index].slice(1);
      // One jump that takes the heading from off the screen to well above its top.
      await page.evaluate((id) => window.scrollTo(0, document.getElementById(id).getBoundingClientRect().top + window.scrollY + 120), id);
      await page.waitForFunction((id) => document.querySelector(`.toc a[href="#${id}"]`)?.getAttribute("aria-current") === "true", id);
      assert.deepEqual(await current(), [`#${id}`], `only #${id} is marked`);
    }
  } finally {
    await browser.close();
  }
});

for (const colorScheme of ["light", "dark"]) {
  test(`the wide-screen layout passes axe-core, with the menu and steps open (${colorScheme})`, async () => {
    const browser = await launch({ viewport: DESKTOP, colorScheme });
    try {
      const page = await browser.page();
      for (const path of PAGES) {
        await page.goto(server.url + path);
        await ready(page);
        if (await page.locator("label[for=step-nav-all]").count()) await page.locator("label[for=step-nav-all]").click();
        assert.deepEqual(await axe(page), [], `axe violations on /${path}`);
      }
    } finally {
      await browser.close();
    }
  });
}
