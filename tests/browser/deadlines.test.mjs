// Deadlines computed on the device: the reader enters a date once, every deadline of the guide
// (and every composer that shows one) follows; deadlines are sorted by urgency and said in
// words; the reader's answer hides the ones that do not apply; the dates survive a reload, go
// out in the export and go with "Remove all"; a date that does not exist is explained; the
// calendar file holds the computed dates; a deadline never moves with the reader's time zone;
// without JavaScript the rules read as sentences.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Site } from "./lib/site.mjs";
import { serve } from "./lib/server.mjs";
import { launch, ready } from "./lib/browser.mjs";

let site, server;
const KEY = "stepwise:deadlines-fixture";
// The reader's clock in every test: 2 December 2026, 23:30 UTC.
const NOW = new Date("2026-12-02T23:30:00Z");

before(async () => {
  site = new Site("deadlines");
  site.build();
  server = await serve(site.out, "/dates/");
});

after(async () => {
  await server?.close();
  site?.remove();
});

/** A browser whose clock says `NOW`, in `timezoneId`. */
async function open(path, { timezoneId = "Europe/London", ...options } = {}) {
  const browser = await launch({ timezoneId, ...options });
  const page = await browser.page();
  await page.clock.setFixedTime(NOW);
  await page.goto(server.url + path);
  if (options.javaScriptEnabled !== false) await ready(page);
  return { browser, page };
}

/** Types a date into a reader's date group, then leaves it (as a reader tabbing on would). */
async function typeDate(page, group, [day, month, year]) {
  await page.fill(`#dates-card-${group}-day`, day);
  await page.fill(`#dates-card-${group}-month`, month);
  await page.fill(`#dates-card-${group}-year`, year);
  await page.locator(`#dates-card-${group}-year`).blur();
}

const status = (page, id) => page.locator(`#deadline-${id} [data-deadline-status]`);
const order = (page) => page.$$eval("[data-deadlines=card] [data-deadline]", (items) => items.map((item) => item.dataset.deadline));

test("a date entered once gives every deadline, sorted by urgency and said in words", async () => {
  const { browser, page } = await open("card/");
  try {
    assert.equal(await page.isVisible("[data-deadlines=card] [data-deadlines-app]"), true);
    assert.equal(await status(page, "card-fcba").isVisible(), false, "no date yet, no status");
    await page.check("#dates-card-card_country-0"); // The US
    await typeDate(page, "statement_on", ["23", "10", "2026"]); // + 60 days = 22 December 2026
    await typeDate(page, "paid_on", ["8", "8", "2026"]); // + 120 days = 6 December 2026; + 10 working days = 21 August 2026
    await page.waitForFunction(() => document.querySelector("#deadline-card-fcba [data-deadline-status]").textContent !== "");
    assert.equal(await status(page, "card-fcba").textContent(), "By 22 December 2026 (20 days left)");
    assert.equal(await status(page, "card-chargeback").textContent(), "Soon: by 6 December 2026 (4 days left)");
    assert.equal(await status(page, "reply-wait").textContent(), "This date has passed: 21 August 2026 (103 days ago)");
    assert.equal(await page.getAttribute("#deadline-card-chargeback", "data-urgency"), "soon");
    assert.equal(await page.getAttribute("#deadline-reply-wait", "data-urgency"), "passed");
    assert.deepEqual(await order(page), ["card-chargeback", "card-fcba", "reply-wait"]);
    assert.equal(
      await page.textContent("[data-deadlines=card] [data-deadlines-summary]"),
      "Your next deadline: Ask your card company for a chargeback. Soon: by 6 December 2026 (4 days left).",
    );
    assert.equal(await page.getAttribute("[data-deadlines=card] [data-deadlines-summary]", "aria-live"), "polite");

    // Another answer rules the US letter out.
    await page.check("#dates-card-card_country-1"); // The UK
    await page.waitForSelector("#deadline-card-fcba", { state: "hidden" });

    // The letter on another page shows the deadline once the answer allows it.
    await page.check("#dates-card-card_country-0");
    await page.goto(server.url + "letter/");
    await ready(page);
    await page.waitForFunction(() => document.querySelector("[data-composer=card-letter] [data-preview-body]")?.textContent.includes("I am writing before 22 December 2026."));

    // A reload keeps everything, and the saved entry holds the dates for the whole guide.
    await page.goto(server.url + "card/");
    await ready(page);
    assert.equal(await page.inputValue("#dates-card-statement_on-day"), "23");
    assert.equal(await page.isChecked("#dates-card-card_country-0"), true);
    assert.equal(await status(page, "card-fcba").textContent(), "By 22 December 2026 (20 days left)");
    const saved = await page.evaluate((key) => localStorage.getItem(key), KEY);
    assert.match(saved, /^draft ~reader statement_on 2026-10-23$/m);
    assert.match(saved, /^draft ~reader card_country The%20US$/m);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("a date that does not exist is explained, and what was typed is kept", async () => {
  const { browser, page } = await open("card/");
  try {
    await typeDate(page, "paid_on", ["31", "2", "2027"]);
    const error = page.locator("#dates-card-paid_on-date-error");
    await error.waitFor({ state: "visible" });
    assert.equal(await error.textContent(), "Date you paid must be a real date");
    assert.equal(await page.getAttribute("#dates-card-paid_on-date", "aria-invalid"), "true");
    assert.match(await page.getAttribute("#dates-card-paid_on-date", "aria-describedby"), /dates-card-paid_on-date-error/);
    // Half a date is kept as typed across a reload, and says what is missing.
    await page.fill("#dates-card-paid_on-day", "3");
    await page.fill("#dates-card-paid_on-month", "");
    await page.fill("#dates-card-paid_on-year", "");
    await page.locator("#dates-card-paid_on-day").blur();
    await page.waitForFunction(() => document.querySelector("#dates-card-paid_on-date-error").textContent === "Date you paid must include a month and year");
    await page.reload();
    await ready(page);
    assert.equal(await page.inputValue("#dates-card-paid_on-day"), "3");
    // Fixed, the error goes and the deadline appears.
    await page.fill("#dates-card-paid_on-month", "12");
    await page.fill("#dates-card-paid_on-year", "2026");
    await page.waitForSelector("#dates-card-paid_on-date-error", { state: "hidden" });
    assert.equal(await status(page, "card-chargeback").textContent(), "By 2 April 2027 (121 days left)");
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("the calendar file holds the computed dates with reminders", async () => {
  const { browser, page } = await open("card/");
  try {
    // Asked before any date is known, the block says what to do.
    await page.getByRole("button", { name: "Add all these deadlines to your calendar" }).click();
    await page.waitForFunction(() => document.querySelector("[data-deadlines-summary]").textContent.startsWith("Enter the date above first"));
    await typeDate(page, "statement_on", ["23", "10", "2026"]);
    await typeDate(page, "paid_on", ["8", "8", "2026"]);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Add to calendar: Ask your card company for a chargeback" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "deadlines-fixture-card-chargeback.ics");
    const text = readFileSync(await download.path(), "utf8");
    assert.match(text, /^BEGIN:VCALENDAR\r\n/);
    assert.match(text, /\r\nUID:deadlines-fixture\.card-chargeback\r\n/);
    assert.match(text, /\r\nDTSTART;VALUE=DATE:20261206\r\n/);
    assert.match(text, /\r\nSUMMARY:Ask your card company for a chargeback\r\n/);
    assert.match(text, /\r\nTRIGGER;RELATED=START:-P7D\r\n/);
    assert.match(text, /\r\nDTSTAMP:20261202T233000Z\r\n/);
    assert.equal((text.match(/BEGIN:VEVENT/g) ?? []).length, 1);

    const [all] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Add all these deadlines to your calendar" }).click(),
    ]);
    const every = readFileSync(await all.path(), "utf8");
    // The US letter applies while the reader has not answered; all three are known.
    assert.equal((every.match(/BEGIN:VEVENT/g) ?? []).length, 3);
    assert.match(every, /DTSTART;VALUE=DATE:20261222/);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("a deadline never moves with the reader's time zone", async () => {
  // At 23:30 UTC on 2 December it is already 3 December in Kiribati, still 2 December in Samoa.
  const seen = [];
  for (const [timezoneId, left] of [["Pacific/Kiritimati", 19], ["Pacific/Pago_Pago", 20], ["Europe/London", 20]]) {
    const { browser, page } = await open("card/", { timezoneId });
    try {
      await typeDate(page, "statement_on", ["23", "10", "2026"]);
      await page.waitForFunction(() => document.querySelector("#deadline-card-fcba [data-deadline-status]").textContent !== "");
      const text = await status(page, "card-fcba").textContent();
      assert.equal(text, `By 22 December 2026 (${left} days left)`, timezoneId);
      seen.push(text.split(" (")[0]);
    } finally {
      await browser.close();
    }
  }
  assert.equal(new Set(seen).size, 1);
});

test("dates go out in the export, go with Remove all and come back with the import", async () => {
  const { browser, page } = await open("card/");
  try {
    await typeDate(page, "statement_on", ["23", "10", "2026"]);
    await page.waitForFunction((key) => localStorage.getItem(key)?.includes("~reader statement_on"), KEY);
    await page.goto(server.url);
    await ready(page);
    await page.getByText("Save, load or remove your progress").click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Save progress to a file" }).click()]);
    const file = await download.path();
    assert.match(readFileSync(file, "utf8"), /^draft ~reader statement_on 2026-10-23$/m);
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: /Remove all/ }).click();
    await page.waitForFunction((key) => localStorage.getItem(key) === null, KEY);
    await page.goto(server.url + "card/");
    await ready(page);
    assert.equal(await page.inputValue("#dates-card-statement_on-day"), "");
    assert.equal(await status(page, "card-fcba").isVisible(), false);

    // The saved file brings the date back, and with it the deadline.
    await page.goto(server.url);
    await ready(page);
    await page.getByText("Save, load or remove your progress").click();
    await page.setInputFiles("[data-import-input]", file);
    await page.waitForFunction((key) => localStorage.getItem(key)?.includes("~reader statement_on 2026-10-23"), KEY);
    await page.goto(server.url + "card/");
    await ready(page);
    assert.equal(await page.inputValue("#dates-card-statement_on-day"), "23");
    assert.equal(await status(page, "card-fcba").textContent(), "By 22 December 2026 (20 days left)");
  } finally {
    await browser.close();
  }
});

test("damaged saved dates are left out like any damaged line", async () => {
  const { browser, page } = await open("card/");
  try {
    await page.evaluate((key) => {
      localStorage.setItem(key, "stepwise-progress 1\nsite deadlines-fixture\ndraft ~reader statement_on 2026-10-23\ndraft ~reader paid_on %ZZ\n");
    }, KEY);
    await page.reload();
    await ready(page);
    assert.equal(await status(page, "card-fcba").textContent(), "By 22 December 2026 (20 days left)");
    assert.equal(await page.inputValue("#dates-card-paid_on-day"), "");
  } finally {
    await browser.close();
  }
});

test("without JavaScript the rules read as sentences and nothing interactive shows", async () => {
  const { browser, page } = await open("card/", { javaScriptEnabled: false });
  try {
    assert.equal(
      await page.textContent("#deadline-card-fcba [data-deadline-rule]"),
      "60 days after the date of the statement that first showed the charge",
    );
    assert.equal(await page.textContent("#deadline-reply-wait [data-deadline-rule]"), "10 working days after the date you paid");
    assert.equal(await page.isVisible("#deadline-card-fcba .deadline-condition"), true);
    assert.equal(await page.isVisible("[data-deadlines=card] [data-deadlines-app]"), false);
    assert.equal(await page.getByRole("button", { name: /calendar/ }).count(), 0);
  } finally {
    await browser.close();
  }
});

test("a composer's date field named like a reader's date shares it both ways", async () => {
  const { browser, page } = await open("card/");
  try {
    await typeDate(page, "statement_on", ["23", "10", "2026"]);
    await page.goto(server.url + "letter/");
    await ready(page);
    assert.equal(await page.getAttribute("#composer-card-letter-statement_on", "data-reader-date"), "statement_on");
    assert.equal(await page.inputValue("#composer-card-letter-statement_on-day"), "23");
    assert.equal(await page.inputValue("#composer-card-letter-statement_on-month"), "10");
    const body = "[data-composer=card-letter] [data-preview-body]";
    await page.waitForFunction((selector) => document.querySelector(selector).textContent.includes("statement of 23 October 2026"), body);
    // Typed in the letter, the date moves the deadline on the card page.
    await page.fill("#composer-card-letter-statement_on-day", "1");
    await page.fill("#composer-card-letter-statement_on-month", "11");
    await page.waitForFunction((selector) => document.querySelector(selector).textContent.includes("I am writing before 31 December 2026."), body);
    await page.goto(server.url + "card/");
    await ready(page);
    assert.equal(await page.inputValue("#dates-card-statement_on-day"), "1");
    assert.equal(await status(page, "card-fcba").textContent(), "By 31 December 2026 (29 days left)");
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test("offline, a date entered on one page gives the deadlines on another, and the calendar file is still made", async () => {
  // A server of its own, stopped once the first visit has kept the guide.
  const own = await serve(site.out, "/dates/");
  const browser = await launch({ timezoneId: "Europe/London" });
  try {
    const page = await browser.page();
    await page.clock.setFixedTime(NOW);
    await page.goto(own.url + "card/");
    await ready(page);
    // The worker has kept every page once it is active.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(async () => (await caches.keys()).length === 1 && (await (await caches.open((await caches.keys())[0])).keys()).length > 3);
    await own.close();
    await browser.context.setOffline(true);

    await page.reload();
    await ready(page);
    await typeDate(page, "statement_on", ["23", "10", "2026"]);
    await page.waitForFunction(() => document.querySelector("#deadline-card-fcba [data-deadline-status]").textContent !== "");
    assert.equal(await status(page, "card-fcba").textContent(), "By 22 December 2026 (20 days left)");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Add to calendar: Send your billing-error letter to the card company" }).click(),
    ]);
    assert.match(readFileSync(await download.path(), "utf8"), /\r\nDTSTART;VALUE=DATE:20261222\r\n/);

    // Another page, opened offline, uses the same date.
    const response = await page.goto(own.url + "letter/");
    assert.ok(response.fromServiceWorker(), "the letter page comes from the kept copy");
    await ready(page);
    assert.equal(await page.inputValue("#composer-card-letter-statement_on-day"), "23");
    const body = "[data-composer=card-letter] [data-preview-body]";
    await page.waitForFunction((selector) => document.querySelector(selector).textContent.includes("statement of 23 October 2026"), body);
    assert.deepEqual(browser.problems.filter((problem) => !problem.includes("net::ERR_INTERNET_DISCONNECTED")), []);
  } finally {
    await browser.close();
  }
});
