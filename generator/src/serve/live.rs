//! Live reload and the error overlay: the script and stylesheet the dev server adds to every
//! page it serves (external files, so pages keep working under the Content-Security-Policy),
//! and the server-sent events they listen to.

/// Where the dev server's own files live; no site file can be published there.
pub const PREFIX: &str = "/__stepwise/";
/// The server-sent events stream.
pub const EVENTS: &str = "/__stepwise/events";
/// The client script.
pub const SCRIPT: &str = "/__stepwise/live.js";
/// The overlay's stylesheet.
pub const STYLESHEET: &str = "/__stepwise/live.css";

/// Reloads the page after each rebuild; shows build problems over the page until they are fixed.
///
/// The page's script address carries the version of the site it was served from (`?v=N`); the
/// stream starts by naming the current version, so a rebuild that finished between serving the
/// page and opening the stream still reloads it.
pub const SCRIPT_SOURCE: &str = r#"// Added by `stepwise serve` only: live reload and the build-problem overlay.
const served = new URL(import.meta.url).searchParams.get("v");
const events = new EventSource("/__stepwise/events");
let overlay = null;

function hide() {
  overlay?.remove();
  overlay = null;
}

function show(text) {
  hide();
  overlay = document.createElement("div");
  overlay.className = "stepwise-overlay";
  overlay.setAttribute("role", "alert");
  const box = document.createElement("div");
  box.className = "stepwise-overlay-box";
  const title = document.createElement("p");
  title.className = "stepwise-overlay-title";
  title.textContent = "The site could not be rebuilt. You are seeing the last version that built. Fix these problems and save:";
  const list = document.createElement("pre");
  list.textContent = text;
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "Hide until the next change";
  close.addEventListener("click", hide);
  box.append(title, list, close);
  overlay.append(box);
  document.body.append(overlay);
}

function reloadIfNewer(event) {
  if (event.data !== served) location.reload();
}

events.addEventListener("version", reloadIfNewer);
events.addEventListener("reload", reloadIfNewer);
events.addEventListener("problems", (event) => show(event.data));
"#;

/// The event that opens every stream: the version of the site served now.
pub const EVENT_VERSION: &str = "version";
/// A rebuild succeeded: its version (pages reload, which also clears the overlay).
pub const EVENT_RELOAD: &str = "reload";
/// A rebuild failed: its problems, one per line.
pub const EVENT_PROBLEMS: &str = "problems";
/// Every event the server sends; the client listens to exactly these.
pub const EVENTS_SENT: [&str; 3] = [EVENT_VERSION, EVENT_RELOAD, EVENT_PROBLEMS];

/// The overlay's look.
pub const STYLESHEET_SOURCE: &str = ".stepwise-overlay { position: fixed; inset: 0; z-index: 2147483647; background: rgb(0 0 0 / 0.6); display: flex; align-items: flex-start; justify-content: center; padding: 2rem 1rem; overflow: auto; }
.stepwise-overlay-box { background: #fff; color: #1b1f24; border-top: 6px solid #b42318; max-width: 60rem; width: 100%; padding: 1rem 1.25rem; font: 16px/1.5 system-ui, sans-serif; }
.stepwise-overlay-title { font-weight: 700; margin: 0 0 0.75rem; }
.stepwise-overlay pre { white-space: pre-wrap; overflow-wrap: anywhere; font: 14px/1.5 ui-monospace, monospace; background: #f3f5f7; padding: 0.75rem; margin: 0 0 0.75rem; }
.stepwise-overlay button { font: inherit; padding: 0.5rem 1rem; }
";

/// The dev server's own files: `(content type, body)` for a path under [`PREFIX`].
pub fn asset(path: &str) -> Option<(&'static str, &'static str)> {
    match path {
        SCRIPT => Some(("text/javascript; charset=utf-8", SCRIPT_SOURCE)),
        STYLESHEET => Some(("text/css; charset=utf-8", STYLESHEET_SOURCE)),
        _ => None,
    }
}

/// Adds the live-reload script and stylesheet to an HTML page served from the site's
/// `version`, before `</head>` (or at the start when there is no head).
pub fn inject(html: &str, version: u64) -> String {
    let tags = format!(
        "<link rel=\"stylesheet\" href=\"{STYLESHEET}\"><script type=\"module\" src=\"{SCRIPT}?v={version}\"></script>"
    );
    match html.find("</head>") {
        Some(index) => format!("{}{tags}{}", &html[..index], &html[index..]),
        None => format!("{tags}{html}"),
    }
}

/// One server-sent event; every line of `data` becomes its own `data:` line.
pub fn event(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    if data.is_empty() {
        out.push_str("data:\n");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_listens_to_exactly_the_events_the_server_sends() {
        let listened: Vec<&str> = SCRIPT_SOURCE
            .split("events.addEventListener(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        let mut sent = EVENTS_SENT.to_vec();
        sent.sort_unstable();
        let mut heard = listened.clone();
        heard.sort_unstable();
        assert_eq!(heard, sent, "the client listens to {listened:?}");
    }

    #[test]
    fn the_script_goes_into_the_head() {
        assert_eq!(
            inject("<html><head><title>x</title></head><body></body></html>", 7),
            "<html><head><title>x</title><link rel=\"stylesheet\" href=\"/__stepwise/live.css\"><script type=\"module\" src=\"/__stepwise/live.js?v=7\"></script></head><body></body></html>"
        );
        assert!(inject("<p>fragment</p>", 1).ends_with("</script><p>fragment</p>"));
    }

    #[test]
    fn events_carry_multi_line_data() {
        assert_eq!(
            event("problems", "a.md:1:1: error: x\nb.md:2:3: error: y"),
            "event: problems\ndata: a.md:1:1: error: x\ndata: b.md:2:3: error: y\n\n"
        );
        assert_eq!(event("reload", ""), "event: reload\ndata:\n\n");
    }

    #[test]
    fn the_client_never_interprets_problems_as_html() {
        assert!(SCRIPT_SOURCE.contains("list.textContent = text"));
        assert!(!SCRIPT_SOURCE.contains("innerHTML"));
    }
}
