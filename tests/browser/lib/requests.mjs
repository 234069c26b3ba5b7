// Every request a browser context makes, recorded from before the first navigation to the
// end of a test, so "no request" checks cover the whole scenario rather than a time window.

/**
 * Starts recording the requests of every page of `context` (call it before navigating).
 * Returns { urls, pageUrls, mark, since }: `urls` is every address requested so far (by pages
 * and by the site's service worker), `pageUrls` those the pages requested themselves, `mark()`
 * the current count, `since(mark)` the addresses requested after it.
 */
export function recordRequests(context) {
  const urls = [];
  const pageUrls = [];
  context.on("request", (request) => {
    urls.push(request.url());
    if (!request.serviceWorker()) pageUrls.push(request.url());
  });
  return {
    urls,
    pageUrls,
    mark: () => urls.length,
    since: (mark) => urls.slice(mark),
  };
}

/**
 * Runs the reader's `actions` on `page`, then navigates to `next`, and returns what was
 * requested in between. The navigation is the signal that the actions' chance to make a
 * request has passed: anything they started is recorded before the navigation's own request,
 * which must be the first one after the actions.
 */
export async function requestsDuring(recorder, page, actions, next) {
  const start = recorder.mark();
  await actions();
  await page.goto(next);
  const after = recorder.since(start);
  const navigation = after.indexOf(next);
  if (navigation < 0) throw new Error(`the navigation to ${next} was not recorded: ${after.join(", ")}`);
  return after.slice(0, navigation);
}
