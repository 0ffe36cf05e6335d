//! Live reload: the script injected into served HTML pages.

/// The live-reload script, with the version the page was served at.
pub(super) fn reload_script(version: u64) -> String {
    RELOAD_SCRIPT.replace("__VERSION__", &version.to_string())
}

pub(super) const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var v = __VERSION__, box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("pre");
      box.id = "statusgen-error";
      box.setAttribute("style", "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;margin:0;padding:1rem;z-index:2147483647;background:#fff4f4;color:#700;border:2px solid #c00;border-radius:4px;font:13px/1.4 monospace;white-space:pre-wrap;box-shadow:0 2px 12px rgba(0,0,0,.3)");
      document.body.appendChild(box);
    }
    box.textContent = "statusgen: the build failed; this is the last good build.\n\n" + text;
  }
  function apply(s) {
    if (s.version !== v && s.ok) { location.reload(); return false; }
    v = s.version;
    if (s.ok) { if (box) { box.remove(); box = null; } } else { show(s.error || ""); }
    return true;
  }
  function get(url, next) {
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) { if (apply(s)) next(); })
      .catch(function () { setTimeout(next, 2000); });
  }
  function poll() { get("/__statusgen/version?since=" + v, poll); }
  get("/__statusgen/status", poll);
})();
</script>
"#;

/// Inserts the live-reload script before the last `</body>` (or at the end).
pub(super) fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let script = reload_script(version);
    let needle = b"</body>";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}
