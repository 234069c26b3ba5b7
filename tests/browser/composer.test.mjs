// The message composer as a reader uses it: fill the form, watch the preview, copy, open the
// mail link, download, come back later to the saved draft, clear it; reader input stays inert
// text; nothing is sent anywhere; axe-core finds nothing wrong.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Site } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { launch, ready, axe, workerSettled } from "./lib/browser.mjs";
import { recordRequests, requestsDuring } from "./lib/requests.mjs";

let site, server;
const F = (name) => `#composer-bank-letter-${name}`;

before(async () => {
  site = new Site("composer");
  site.build();
  server = await serve(site.out, "/letters/");
});

after(async () => {
  await server?.close();
  site?.remove();
});

async function open(browser, path = "bank/") {
  const page = await browser.page();
  await page.goto(server.url + path);
  await ready(page);
  return page;
}

/** Ticks two evidence items, then opens the bank letter, as a reader working through the guide. */
async function withEvidenceTicked(browser) {
  const page = await open(browser, "evidence/");
  await page.click("label[for=task-receipt]");
  await page.click("label[for=task-screenshots]");
  await page.goto(server.url + "bank/");
  await ready(page);
  return page;
}

/** Types a date in GOV.UK's three boxes, as a reader does. */
async function fillDate(page, name, [day, month, year]) {
  await page.fill(`${F(name)}-day`, day);
  await page.fill(`${F(name)}-month`, month);
  await page.fill(`${F(name)}-year`, year);
}

async function fill(page) {
  await page.fill(F("full_name"), "Jane Doe");
  await page.fill(F("email"), "jane@example.net");
  await fillDate(page, "paid_on", ["1", "11", "2026"]);
  await page.fill(F("amount"), "49.99");
  await page.selectOption("select[data-currency-for=amount]", "GBP");
  await page.check(`${F("how")} input[value="Debit card"]`);
  await page.fill(F("details"), "The promotion never ran.\nI was charged anyway.");
}

const preview = async (page) => ({
  subject: await page.textContent("[data-composer=bank-letter] [data-preview-subject]"),
  body: await page.textContent("[data-composer=bank-letter] [data-preview-body]"),
});

const EXPECTED_BODY = [
  "Dear disputes team,",
  "",
  "My name is Jane Doe.",
  "I paid by Debit card.",
  "I paid 49.99 GBP on 1 November 2026.",
  "",
  "The promotion never ran.",
  "I was charged anyway.",
  "",
  "I can provide:",
  "- Your receipt",
  "- Screenshots of the results",
  "",
  "I will follow up after 1 December 2026 if I have not heard back.",
].join("\n");

test("the preview follows the form and the reader's ticked evidence", async () => {
  const browser = await launch();
  try {
    const page = await withEvidenceTicked(browser);
    assert.equal(await page.isVisible("[data-composer-fallback]"), false);
    await fill(page);
    assert.deepEqual(await preview(page), {
      subject: "Dispute: payment of 49.99 GBP on 1 November 2026",
      body: EXPECTED_BODY,
    });
    // Clearing the optional email brings back the sentence shown only without it.
    await page.fill(F("email"), "");
    assert.match((await preview(page)).body, /Please reply by post\.\nI will follow up/);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("copy puts the exact text on the clipboard", async () => {
  const browser = await launch({ permissions: ["clipboard-read", "clipboard-write"] });
  try {
    const page = await withEvidenceTicked(browser);
    await fill(page);
    await page.getByRole("button", { name: "Copy message" }).click();
    await page.waitForSelector("text=Message copied.");
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), EXPECTED_BODY);
    await page.getByRole("button", { name: "Copy subject" }).click();
    await page.waitForSelector("text=Subject copied.");
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "Dispute: payment of 49.99 GBP on 1 November 2026");
  } finally {
    await browser.close();
  }
});

test("when the browser refuses the clipboard, the text is selected instead", async () => {
  const browser = await launch();
  try {
    await browser.context.addInitScript(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException("denied", "NotAllowedError"));
    });
    const page = await open(browser);
    await fill(page);
    await page.getByRole("button", { name: "Copy message" }).click();
    await page.waitForSelector("text=The text is selected");
    assert.equal(await page.evaluate(() => String(getSelection())), (await preview(page)).body);
  } finally {
    await browser.close();
  }
});

test("the mail link carries the same subject and body, with CRLF line breaks", async () => {
  const browser = await launch();
  try {
    const page = await withEvidenceTicked(browser);
    await fill(page);
    const href = await page.getAttribute("[data-mailto]", "href");
    const url = new URL(href);
    assert.equal(url.protocol, "mailto:");
    assert.equal(url.pathname, "disputes@bank.example");
    const subject = decodeURIComponent(href.match(/[?&]subject=([^&]*)/)[1]);
    const body = decodeURIComponent(href.match(/[?&]body=([^&]*)/)[1]);
    assert.equal(subject, "Dispute: payment of 49.99 GBP on 1 November 2026");
    assert.equal(body, EXPECTED_BODY.replaceAll("\n", "\r\n"));

    // A message too long for a link gets no link, and says why.
    await page.fill(F("details"), "Too long. ".repeat(300));
    assert.equal(await page.isVisible("[data-mailto]"), false);
    assert.match(await page.textContent("[data-mailto-note]"), /too long for a link to your email app/);
  } finally {
    await browser.close();
  }
});

test("required fields are checked, accessibly, before copying", async () => {
  const browser = await launch({ permissions: ["clipboard-read", "clipboard-write"] });
  try {
    const page = await open(browser);
    await page.fill(F("email"), "not an address");
    await page.getByRole("button", { name: "Copy message" }).click();
    const summary = page.locator("[data-composer=bank-letter] [data-error-summary]");
    assert.equal(await summary.isVisible(), true);
    assert.equal(await page.evaluate(() => document.activeElement.hasAttribute("data-error-summary")), true);
    const items = await summary.locator("li a").allTextContents();
    assert.deepEqual(items, [
      "Enter your full name",
      "Enter an email address in the correct format, like name@example.com",
      "Enter date you paid",
    ]);
    assert.equal(await page.getAttribute(F("full_name"), "aria-invalid"), "true");
    assert.match(await page.getAttribute(F("full_name"), "aria-describedby"), /composer-bank-letter-full_name-error/);
    assert.equal(await page.textContent(`${F("full_name")}-error`), "Error: Enter your full name");
    assert.deepEqual(await axe(page), []);
    // Following a summary link reaches the field.
    await summary.locator("li a").first().click();
    assert.equal(await page.evaluate(() => document.activeElement.id), "composer-bank-letter-full_name");

    // Fixing one field removes its line; the summary (an alert) is not rebuilt while typing.
    await summary.locator("ul").evaluate((list) => list.setAttribute("data-test-mark", ""));
    await page.fill(F("full_name"), "Jane Doe");
    assert.deepEqual(await summary.locator("li:not([hidden]) a").allTextContents(), [
      "Enter an email address in the correct format, like name@example.com",
      "Enter date you paid",
    ]);
    assert.equal(await summary.locator("ul[data-test-mark]").count(), 1, "the summary was rebuilt");
    assert.equal(await page.getAttribute(F("full_name"), "aria-invalid"), null);
    assert.equal(await page.getAttribute(F("email"), "aria-invalid"), "true");
    assert.deepEqual(await axe(page), []);

    await fill(page);
    assert.equal(await summary.isVisible(), false, "errors clear as the reader fixes them");
    assert.equal(await page.getAttribute(F("full_name"), "aria-invalid"), null);
    await page.getByRole("button", { name: "Copy message" }).click();
    await page.waitForSelector("text=Message copied.");
  } finally {
    await browser.close();
  }
});

test("dates are typed in day, month and year boxes and impossible ones are named", async () => {
  const browser = await launch();
  try {
    const page = await open(browser);
    const date = page.locator(`fieldset${F("paid_on")}`);
    assert.equal(await date.locator("legend").textContent(), "Date you paid");
    for (const part of ["day", "month", "year"]) {
      assert.equal(await page.getAttribute(`${F("paid_on")}-${part}`, "inputmode"), "numeric");
      assert.equal(await page.getAttribute(`${F("paid_on")}-${part}`, "type"), "text");
    }
    assert.equal(await page.locator('input[type="date"]').count(), 0, "no browser date picker (mm/dd/yyyy)");
    await page.fill(F("full_name"), "Jane Doe");
    await fillDate(page, "paid_on", ["31", "2", "2027"]);
    await page.getByRole("button", { name: "Copy message" }).click();
    const summary = page.locator("[data-composer=bank-letter] [data-error-summary]");
    assert.deepEqual(await summary.locator("li a").allTextContents(), ["Date you paid must be a real date"]);
    assert.equal(await page.textContent(`${F("paid_on")}-error`), "Error: Date you paid must be a real date");
    for (const part of ["day", "month", "year"]) {
      assert.equal(await page.getAttribute(`${F("paid_on")}-${part}`, "aria-invalid"), "true", part);
    }
    assert.match(await date.getAttribute("aria-describedby"), /composer-bank-letter-paid_on-error/);
    // The summary links to the first box, and following it moves focus there.
    await summary.locator("li a").first().click();
    assert.equal(await page.evaluate(() => document.activeElement.id), "composer-bank-letter-paid_on-day");
    assert.deepEqual(await axe(page), []);
    // A missing part is named, and only that box is marked.
    await page.fill(`${F("paid_on")}-month`, "");
    await page.getByRole("button", { name: "Copy message" }).click();
    assert.deepEqual(await summary.locator("li a").allTextContents(), ["Date you paid must include a month"]);
    assert.equal(await page.getAttribute(`${F("paid_on")}-day`, "aria-invalid"), null);
    assert.equal(await page.getAttribute(`${F("paid_on")}-month`, "aria-invalid"), "true");
    assert.equal(await summary.locator("li a").first().getAttribute("href"), "#composer-bank-letter-paid_on-month");
    // A real date clears the error as the reader types, and reads as words in the message.
    await page.fill(`${F("paid_on")}-month`, "3");
    assert.equal(await summary.isVisible(), false);
    await page.fill(`${F("paid_on")}-day`, "1");
    assert.match((await preview(page)).subject, /on 1 March 2027$/);

    // Saved as YYYY-MM-DD once complete; half-typed dates are kept as typed across a reload.
    const saved = () => page.evaluate(() => localStorage.getItem("stepwise:example.org/letters") ?? "");
    await page.waitForFunction(() => localStorage.getItem("stepwise:example.org/letters")?.includes("draft bank-letter paid_on 2027-03-01"));
    await page.fill(`${F("paid_on")}-year`, "20");
    await page.waitForFunction(() => localStorage.getItem("stepwise:example.org/letters")?.includes("draft bank-letter paid_on 1/3/20\n"));
    await page.reload();
    await ready(page);
    assert.deepEqual(
      [await page.inputValue(`${F("paid_on")}-day`), await page.inputValue(`${F("paid_on")}-month`), await page.inputValue(`${F("paid_on")}-year`)],
      ["1", "3", "20"],
    );
    assert.match((await preview(page)).subject, /on \[Date you paid\]$/, "a half-typed date is still a blank");
    assert.match(await saved(), /draft bank-letter paid_on 1\/3\/20\n/);
  } finally {
    await browser.close();
  }
});

test("choices are radios, keyboard operable, saved and linked from the error summary", async () => {
  const browser = await launch();
  try {
    const page = await open(browser);
    // Two options, and "None of these" to leave an optional choice out again.
    assert.equal(await page.locator(`${F("how")} input[type=radio]`).count(), 3);
    assert.equal(await page.textContent(`label[for="${F("how").slice(1)}-3"]`), "None of these");
    assert.equal(await page.locator("[data-composer] select[data-field]").count(), 0, "no drop-down for a choice");
    await page.focus(`${F("how")}-1`);
    await page.keyboard.press("Space");
    assert.equal(await page.isChecked(`${F("how")}-1`), true);
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.isChecked(`${F("how")}-2`), true);
    assert.match((await preview(page)).body, /I paid by Debit card\./);
    await page.waitForFunction(() => localStorage.getItem("stepwise:example.org/letters")?.includes("draft bank-letter how Debit%20card"));
    await page.reload();
    await ready(page);
    assert.equal(await page.isChecked(`${F("how")}-2`), true);
    await page.check(`${F("how")}-3`);
    assert.doesNotMatch((await preview(page)).body, /I paid by/);
    await page.waitForFunction(() => !localStorage.getItem("stepwise:example.org/letters")?.includes("draft bank-letter how"));
    // Saving does not untick "None of these" under the reader.
    await page.fill(F("full_name"), "Jane");
    await page.waitForFunction(() => localStorage.getItem("stepwise:example.org/letters")?.includes("draft bank-letter full_name Jane"));
    assert.equal(await page.isChecked(`${F("how")}-3`), true);
  } finally {
    await browser.close();
  }
});

test("a question label gets the author's error message, linked to the first radio", async () => {
  const browser = await launch();
  try {
    const page = await open(browser, "note/");
    await page.fill("#composer-note-done", "Sent the letter.");
    await page.getByRole("button", { name: "Copy message" }).click();
    const summary = page.locator("[data-composer=note] [data-error-summary]");
    const link = summary.locator("li a");
    assert.deepEqual(await link.allTextContents(), ["Select what kind of note this is"]);
    assert.equal(await link.first().getAttribute("href"), "#composer-note-kind-1");
    assert.equal(await page.textContent("#composer-note-kind-error"), "Error: Select what kind of note this is");
    assert.deepEqual(await axe(page), []);
    await link.first().click();
    assert.equal(await page.evaluate(() => document.activeElement.id), "composer-note-kind-1");
    await page.keyboard.press("Space");
    assert.equal(await summary.isVisible(), false, "choosing clears the error");
    const body = () => page.textContent("[data-composer=note] [data-preview-body]");
    assert.match(await body(), /^A letter I sent:\nSent the letter\./);
    // An optional choice of one option is a checkbox: ticked and unticked again.
    assert.equal(await page.getAttribute("#composer-note-remind-1", "type"), "checkbox");
    await page.check("#composer-note-remind-1");
    assert.match(await body(), /\nRemind me to call\.$/);
    await page.uncheck("#composer-note-remind-1");
    assert.doesNotMatch(await body(), /Remind me/);
  } finally {
    await browser.close();
  }
});

test("copied text and the mail link have no runs of blank lines when optional fields are empty", async () => {
  const browser = await launch({ permissions: ["clipboard-read", "clipboard-write"] });
  try {
    const page = await withEvidenceTicked(browser);
    await page.fill(F("full_name"), "Jane Doe");
    await fillDate(page, "paid_on", ["1", "11", "2026"]);
    await page.getByRole("button", { name: "Copy message" }).click();
    await page.waitForSelector("text=Message copied.");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, [
      "Dear disputes team,",
      "",
      "My name is Jane Doe.",
      "I paid [Amount you paid] on 1 November 2026.",
      "",
      "[What went wrong]",
      "",
      "I can provide:",
      "- Your receipt",
      "- Screenshots of the results",
      "",
      "Please reply by post.",
      "I will follow up after 1 December 2026 if I have not heard back.",
    ].join("\n"));
    const href = await page.getAttribute("[data-mailto]", "href");
    assert.equal(decodeURIComponent(href.match(/[?&]body=([^&]*)/)[1]), copied.replaceAll("\n", "\r\n"));
  } finally {
    await browser.close();
  }
});

test("the draft survives a reload, composers keep separate drafts, and Clear draft removes one", async () => {
  const browser = await launch();
  try {
    const page = await open(browser);
    await fill(page);
    await page.goto(server.url + "note/");
    await ready(page);
    await page.fill("#composer-note-done", "Sent the letter.");
    await page.waitForFunction(() => localStorage.getItem("stepwise:example.org/letters")?.includes("draft note done Sent%20the%20letter."));
    await page.goto(server.url + "bank/");
    await ready(page);
    assert.equal(await page.inputValue(F("full_name")), "Jane Doe");
    assert.equal(await page.inputValue(F("details")), "The promotion never ran.\nI was charged anyway.");
    assert.equal(await page.inputValue("select[data-currency-for=amount]"), "GBP");
    assert.equal((await preview(page)).subject, "Dispute: payment of 49.99 GBP on 1 November 2026");

    page.once("dialog", (dialog) => dialog.dismiss());
    await page.getByRole("button", { name: "Clear draft" }).click();
    assert.equal(await page.inputValue(F("full_name")), "Jane Doe", "a refusal keeps the draft");
    page.once("dialog", (dialog) => {
      assert.equal(dialog.message(), "Clear everything you typed in “Draft your letter to the bank”? You cannot undo this.");
      dialog.accept();
    });
    await page.getByRole("button", { name: "Clear draft" }).click();
    assert.equal(await page.inputValue(F("full_name")), "");
    assert.equal(await page.inputValue("select[data-currency-for=amount]"), "EUR");
    await page.reload();
    await ready(page);
    assert.equal(await page.inputValue(F("full_name")), "");
    const saved = await page.evaluate(() => localStorage.getItem("stepwise:example.org/letters"));
    assert.ok(!saved.includes("draft bank-letter"), saved);
    assert.match(saved, /draft note done Sent%20the%20letter\./);
  } finally {
    await browser.close();
  }
});

test("two tabs typing in one composer keep each other's fields; removing everything empties both", async () => {
  const browser = await launch();
  try {
    const first = await open(browser);
    const second = await browser.context.newPage();
    await second.goto(server.url + "bank/");
    await ready(second);
    // Both type before either draft is saved.
    await first.fill(F("full_name"), "Jane Doe");
    await second.fill(F("email"), "jane@example.net");
    await second.waitForFunction((id) => document.querySelector(id).value === "Jane Doe", F("full_name"));
    await first.waitForFunction((id) => document.querySelector(id).value === "jane@example.net", F("email"));
    const saved = await first.evaluate(() => localStorage.getItem("stepwise:example.org/letters"));
    assert.match(saved, /draft bank-letter full_name Jane%20Doe/);
    assert.match(saved, /draft bank-letter email jane@example\.net/);

    await first.goto(server.url);
    await ready(first);
    first.once("dialog", (dialog) => dialog.accept());
    await first.getByText("Save, load or remove your progress").click();
    await first.getByRole("button", { name: "Remove all my ticks and drafts" }).click();
    await second.waitForFunction((id) => document.querySelector(id).value === "", F("full_name"));
    assert.equal(await second.inputValue(F("email")), "");
    assert.equal((await preview(second)).body.includes("Jane Doe"), false);
  } finally {
    await browser.close();
  }
});

test("evidence ticked before the author renamed an item still shows in the letter", async () => {
  const local = new Site("composer");
  local.build();
  const localServer = await serve(local.out, "/letters/");
  // Without the service worker, whose copy would show the old version until the reader
  // accepts the new one (offline.test.mjs follows drafts through that).
  const browser = await launch({ serviceWorkers: "block" });
  try {
    const page = await browser.page();
    await page.goto(localServer.url + "evidence/");
    await ready(page);
    await page.click("label[for=task-screenshots]");
    local.edit(
      "content/evidence.md",
      "- [ ] Screenshots of the results {#screenshots}",
      "- [ ] Screenshots of the promotion results {#result-screenshots replaces=screenshots}",
    );
    local.build();
    // Straight to the letter: the evidence page, which would move the tick, is not visited.
    await page.goto(localServer.url + "bank/");
    await ready(page);
    assert.match((await preview(page)).body, /I can provide:\n- Screenshots of the promotion results\n/);
  } finally {
    await browser.close();
    await localServer.close();
    local.remove();
  }
});

test("the last keystrokes are saved when the reader leaves at once", async () => {
  const browser = await launch();
  try {
    const page = await open(browser);
    await page.fill(F("full_name"), "Quick Leaver");
    await page.goto(server.url);
    await page.goto(server.url + "bank/");
    await ready(page);
    assert.equal(await page.inputValue(F("full_name")), "Quick Leaver");
  } finally {
    await browser.close();
  }
});

test("an HTML payload in a field stays inert text", async () => {
  const browser = await launch();
  try {
    const page = await open(browser);
    let dialogs = 0;
    page.on("dialog", (dialog) => {
      dialogs += 1;
      dialog.dismiss();
    });
    const payload = `<img src=x onerror="alert(1)"><script>alert(2)</script>{{full_name}}`;
    await page.fill(F("full_name"), payload);
    await page.fill(F("details"), payload);
    const body = (await preview(page)).body;
    assert.ok(body.includes(`My name is ${payload}.`), body);
    const injected = await page.$$eval("[data-preview-body] *, [data-preview-subject] *", (els) => els.length);
    assert.equal(injected, 0, "no element was created from reader input");
    await page.reload();
    await ready(page);
    assert.equal(await page.inputValue(F("full_name")), payload);
    assert.equal(dialogs, 0);
    assert.equal(await page.$$eval("img[src=x]", (els) => els.length), 0);
  } finally {
    await browser.close();
  }
});

test("the pages request only the site's own files, and nothing while the reader types, copies, downloads or follows the mail link", async () => {
  const browser = await launch({ permissions: ["clipboard-read", "clipboard-write"] });
  const requests = recordRequests(browser.context);
  try {
    const page = await open(browser);
    await workerSettled(page);
    // The mail link is followed as far as the page goes: past the module's click handler, but
    // no mail app is opened (its default action is stopped once the module has had its say).
    await page.evaluate(() =>
      addEventListener("click", (event) => {
        if (!event.target.closest("[data-mailto]")) return;
        window.mailtoFollowed = !event.defaultPrevented;
        event.preventDefault();
      }),
    );
    const composing = await requestsDuring(requests, page, async () => {
      await fill(page);
      await page.getByRole("button", { name: "Copy message" }).click();
      await page.waitForSelector("text=Message copied.");
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download as a text file" }).click()]);
      assert.match(download.suggestedFilename(), /^bank-letter-\d{4}-\d{2}-\d{2}\.txt$/);
      const text = readFileSync(await download.path(), "utf8");
      assert.ok(text.startsWith("Subject: Dispute: payment of 49.99 GBP on 1 November 2026\n\nDear disputes team,"), text);
      await page.click("[data-mailto]");
      assert.equal(await page.evaluate(() => window.mailtoFollowed), true, "the module let the mail link open");
      // The draft is saved too (debounced) while the requests are watched.
      await page.waitForFunction(() => localStorage.getItem("stepwise:example.org/letters")?.includes("draft bank-letter details"));
    }, server.url + "note/");
    assert.deepEqual(composing, [], "requests while composing");

    await ready(page);
    for (const url of requests.urls) assert.ok(server.isSiteFile(url), `${url} is not one of the site's files`);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("without JavaScript the template is shown with blanks to copy by hand", async () => {
  const browser = await launch({ javaScriptEnabled: false });
  try {
    const page = await browser.page();
    await page.goto(server.url + "bank/");
    assert.equal(await page.isVisible("[data-composer-fallback]"), true);
    assert.equal(await page.isVisible("[data-composer-app]"), false);
    const text = await page.textContent("[data-composer-fallback] .preview-body");
    assert.match(text, /My name is \[Your full name\]\./);
    assert.match(text, /- Your receipt\n- The order number\n- Screenshots of the results/);
  } finally {
    await browser.close();
  }
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe-core finds no violations in the composer (${colorScheme}, phone)`, async () => {
    const browser = await launch({ colorScheme, viewport: { width: 390, height: 844 } });
    try {
      const page = await open(browser);
      await fill(page);
      assert.deepEqual(await axe(page), []);
      const note = await open(browser, "note/");
      assert.deepEqual(await axe(note), []);
    } finally {
      await browser.close();
    }
  });
}
