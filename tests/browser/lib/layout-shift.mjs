// Layout shifts as the browser reports them (PerformanceObserver `layout-shift` entries).

/** Installed in every page before its own scripts: sums the layout shifts not caused by input. */
export function observeLayoutShifts() {
  window.__layoutShifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) {
        const nodes = (entry.sources ?? []).map((source) => {
          const node = source.node;
          if (!node || !node.nodeName) return "?";
          return node.nodeName.toLowerCase() + (node.id ? `#${node.id}` : "") + (node.className && typeof node.className === "string" ? `.${node.className.split(" ")[0]}` : "");
        });
        window.__layoutShifts.push({ value: entry.value, at: Math.round(entry.startTime), nodes });
      }
    }
  }).observe({ type: "layout-shift", buffered: true });
}

/** The layout shifts so far, after two more frames have been laid out. */
export async function layoutShifts(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.__layoutShifts)))),
  );
}

/** The sum of `shifts`' values: the cumulative layout shift. */
export const total = (shifts) => shifts.reduce((sum, shift) => sum + shift.value, 0);

