// Browser checks of a built statusgen site (tests/fixtures/history), in headless Chromium:
// axe-core (WCAG 2.1 A/AA) in light and dark mode, no sideways page scroll at 390 px, a dark page
// in dark mode, full-page screenshots, the matrix filter/sort tools and their URL state, the page
// without JavaScript, and stable cell ids.
//
// Run from this folder: `npm ci && npm test` (or `node --test site.test.mjs`).
// Environment: CHROMIUM (default /usr/bin/chromium); SITE_DIR to test an already built site
// instead of building one (it must have been built without --base-url).

import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const shots = join(here, "screenshots");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 390, height: 844 };
const SCHEMES = ["light", "dark"];

// The pages under test: [slug for file names, path, expected HTTP status].
const PAGES = [
  ["index", "/", 200],
  ["month-2024-03", "/2024-03/", 200],
  ["changes-2024-05", "/2024-05/changes/", 200],
  ["changes-2024-06", "/2024-06/changes/", 200],
  ["changes-index", "/changes/", 200],
  ["graduation", "/graduation/", 200],
  ["geps", "/geps/", 200],
  ["implementors", "/implementors/", 200],
  ["gep-1742", "/geps/1742/", 200],
  ["implementor-istio", "/implementors/istio/", 200],
  ["not-found", "/no/such/page/", 404],
];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
};

let server;
let base; // http://127.0.0.1:PORT
let site; // the directory served
let tmp; // our temp dir, removed at the end
let browser;

/** Serves like GitHub Pages: dir/ -> dir/index.html, unknown paths -> 404.html, status 404.
 * `getRoot(path)` gives the directory and the path in it (the shapes site lives under /shapes/). */
function serve(getRoot) {
  return createServer((req, res) => {
    let root;
    let path;
    try {
      [root, path] = getRoot(decodeURIComponent(new URL(req.url, "http://x").pathname));
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end("forbidden");
      return;
    }
    try {
      if (statSync(file).isDirectory()) {
        if (!path.endsWith("/")) {
          res.writeHead(301, { Location: path + "/" }).end();
          return;
        }
        file = join(file, "index.html");
      }
    } catch {
      /* not found: handled below */
    }
    let status = 200;
    if (!existsSync(file) || !statSync(file).isFile()) {
      status = 404;
      file = join(root, "404.html");
    }
    const type = TYPES[extname(file)] || "application/octet-stream";
    res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : readFileSync(file));
  });
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  // Sites built beside the history site, each under its own prefix.
  server = serve((path) => {
    for (const prefix of ["shapes", "versions", "gateway-features", "gateway-conformance"]) {
      if (tmp && (path === `/${prefix}` || path.startsWith(`/${prefix}/`))) {
        return [join(tmp, prefix), path.slice(prefix.length + 1) || "/"];
      }
    }
    return [site, path];
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${server.address().port}`;

  if (process.env.SITE_DIR) {
    site = resolve(process.env.SITE_DIR);
  } else {
    tmp = mkdtempSync(join(tmpdir(), "statusgen-browser-"));
    site = join(tmp, "site");
    const args = ["run", "--release", "--quiet", "--", "build",
      "--root", join(repo, "tests", "fixtures", "history"),
      "--output", site, "--base-url", `${base}/`];
    const r = spawnSync("cargo", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.equal(r.status, 0, `cargo ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  }
  // The sections shape (issue #16), built beside it under /shapes/.
  if (!process.env.SITE_DIR) {
    const args = ["run", "--release", "--quiet", "--", "build",
      "--root", join(repo, "tests", "fixtures", "shapes"),
      "--output", join(tmp, "shapes"), "--base-url", `${base}/shapes/`];
    const r = spawnSync("cargo", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.equal(r.status, 0, `cargo ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  }
  // The version matrix (issue 27), built beside it under /versions/.
  if (!process.env.SITE_DIR) {
    const args = ["run", "--release", "--quiet", "--", "build",
      "--root", join(repo, "tests", "fixtures", "shapes-versions"),
      "--output", join(tmp, "versions"), "--base-url", `${base}/versions/`];
    const r = spawnSync("cargo", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.equal(r.status, 0, `cargo ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  }
  // The feature-level Gateway API example and its GEP-level sibling (issue #22), published
  // side by side as the Pages workflow does.
  if (!process.env.SITE_DIR) {
    for (const example of ["gateway-features", "gateway-conformance"]) {
      const args = ["run", "--release", "--quiet", "--", "build",
        "--root", join(repo, "examples", example),
        "--output", join(tmp, example), "--base-url", `${base}/${example}/`];
      const r = spawnSync("cargo", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      assert.equal(r.status, 0, `cargo ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
    }
  }
  assert.ok(existsSync(join(site, "index.html")), `no index.html in ${site}`);
  assert.ok(existsSync(join(site, "404.html")), `no 404.html in ${site}`);

  browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await new Promise((ok) => server.close(ok));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A fresh page in its own context; console errors and failed requests are collected. */
async function open(path, { viewport = WIDE, colorScheme = "light", javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, javaScriptEnabled });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // Failed loads are reported by URL below, not by Chromium's anonymous console line.
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console: ${m.text()}`);
  });
  // Chromium fetches the icon after the load event; a navigation in the test cancels that fetch
  // (net::ERR_ABORTED), which is no fault of the page. Every other failure counts.
  page.on("requestfailed", (r) => {
    const icon = /\/favicon\.(svg|ico)$/.test(new URL(r.url()).pathname);
    if (!(icon && r.failure()?.errorText === "net::ERR_ABORTED")) problems.push(`request failed: ${r.url()}`);
  });
  page.on("response", (r) => {
    // The page's own status is asserted by the tests; the site's icons must load.
    const navigation = r.request().isNavigationRequest() && r.request().frame() === page.mainFrame();
    if (r.status() >= 400 && !navigation) {
      problems.push(`HTTP ${r.status()}: ${r.url()}`);
    }
  });
  const response = await page.goto(base + path, { waitUntil: "load" });
  await page.emulateMedia({ colorScheme });
  return { context, page, response, problems };
}

function describeViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => {
      const data = (n.any || []).concat(n.all || [], n.none || [])
        .map((c) => c.data).filter(Boolean)
        .map((d) => (d.fgColor ? ` fg ${d.fgColor} bg ${d.bgColor} ratio ${d.contrastRatio} (needs ${d.expectedContrastRatio})` : ""))
        .join("");
      return `    ${n.target.join(" ")}${data}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary || "").replace(/\n/g, "\n      ")}`;
    }).join("\n");
    return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} nodes) ${v.helpUrl}\n${nodes}`;
  }).join("\n");
}

async function axe(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return { violations: r.violations, rules: r.passes.length + r.violations.length + r.incomplete.length };
  }, AXE_TAGS);
}

/** Relative luminance (WCAG) of a CSS rgb()/rgba() colour. */
function luminance(css) {
  const m = css.match(/rgba?\(([^)]+)\)/);
  assert.ok(m, `not an rgb colour: ${css}`);
  const [r, g, b] = m[1].split(/[ ,/]+/).filter(Boolean).slice(0, 3).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

for (const [slug, path, status] of PAGES) {
  describe(`${slug} (${path})`, () => {
    for (const colorScheme of SCHEMES) {
      test(`axe ${AXE_TAGS.join(",")}: no violations, ${colorScheme}`, async () => {
        const { context, page, response, problems } = await open(path, { colorScheme });
        try {
          assert.equal(response.status(), status);
          const { violations, rules } = await axe(page);
          assert.ok(rules >= 10, `axe ran only ${rules} rules`);
          assert.equal(violations.length, 0,
            `${violations.length} axe violations on ${path} (${colorScheme}):\n${describeViolations(violations)}`);
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      });

      test(`screenshots at 1280 and 390 px, ${colorScheme}; no sideways scroll at 390 px`, async () => {
        for (const viewport of [WIDE, NARROW]) {
          const { context, page } = await open(path, { viewport, colorScheme });
          try {
            await page.screenshot({ path: join(shots, `${slug}-${viewport.width}-${colorScheme}.png`), fullPage: true });
            if (viewport === NARROW) {
              const m = await page.evaluate(() => {
                const el = document.documentElement;
                const wide = [...document.querySelectorAll("body *")]
                  .filter((e) => e.getBoundingClientRect().right > el.clientWidth + 1 && !e.closest(".matrix-scroll, .table-scroll, .visually-hidden, .skip-link"))
                  .slice(0, 5)
                  .map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.className && typeof e.className === "string" ? "." + e.className.trim().replace(/\s+/g, ".") : ""} right=${Math.round(e.getBoundingClientRect().right)}`);
                return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, wide };
              });
              assert.ok(m.scrollWidth <= m.clientWidth,
                `${path} scrolls sideways at 390 px (${colorScheme}): scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth}; widest: ${m.wide.join("; ")}`);
            }
          } finally {
            await context.close();
          }
        }
      });
    }

    test("dark mode gives a dark page with readable text", async () => {
      const { context, page } = await open(path, { colorScheme: "dark" });
      try {
        const { bg, fg } = await page.evaluate(() => {
          const s = getComputedStyle(document.body);
          return { bg: s.backgroundColor, fg: s.color };
        });
        assert.ok(luminance(bg) < 0.2, `body background ${bg} has luminance ${luminance(bg).toFixed(3)} in dark mode`);
        assert.ok(contrast(fg, bg) >= 4.5, `body text ${fg} on ${bg}: contrast ${contrast(fg, bg).toFixed(2)} < 4.5`);
      } finally {
        await context.close();
      }
    });
  });
}

describe("month matrix tools", () => {
  const rowsSel = "#matrix tbody.implementors tr:not([hidden])";
  const visibleNames = (page) => page.$$eval(rowsSel, (rs) => rs.map((r) => r.querySelector("th").textContent.trim()));

  test("filter by name: rows, URL state, reload keeps them", async () => {
    const { context, page, problems } = await open("/2024-03/");
    try {
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Cilium", "Kong", "Traefik"]);
      await page.locator("#mx-q").pressSequentially("is");
      assert.deepEqual(await visibleNames(page), ["Istio"]);
      const url = new URL(page.url());
      assert.equal(url.pathname, "/2024-03/");
      assert.equal(url.searchParams.get("q"), "is");
      assert.equal(url.search, "?q=is");
      assert.match(await page.locator("#mx-count").textContent(), /^1 of 5 implementors shown$/);

      await page.reload({ waitUntil: "load" });
      assert.equal(new URL(page.url()).search, "?q=is");
      assert.equal(await page.locator("#mx-q").inputValue(), "is");
      assert.deepEqual(await visibleNames(page), ["Istio"]);

      // Clearing the filter brings every row back and drops q from the URL.
      await page.locator("#mx-q").fill("");
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Cilium", "Kong", "Traefik"]);
      assert.equal(new URL(page.url()).search, "");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("only rows with a code", async () => {
    // In 2024-01 Kong's row is all blank.
    const { context, page, problems } = await open("/2024-01/");
    try {
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Cilium", "Kong"]);
      await page.locator("#mx-nonblank").check();
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Cilium"]);
      assert.equal(new URL(page.url()).searchParams.get("nonblank"), "1");
      await page.reload({ waitUntil: "load" });
      assert.ok(await page.locator("#mx-nonblank").isChecked());
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Cilium"]);
      await page.locator("#mx-nonblank").uncheck();
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Cilium", "Kong"]);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("sort by complete count, combined with the filter, from a permalink", async () => {
    // 2024-06 complete counts: Istio 3, Envoy Gateway 2, Cilium 0, Kong 1, Traefik 1.
    const { context, page, problems } = await open("/2024-06/");
    try {
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Cilium", "Kong", "Traefik"]);
      await page.locator("#mx-sort").selectOption("complete");
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Kong", "Traefik", "Cilium"]);
      assert.equal(new URL(page.url()).searchParams.get("sort"), "complete");
      await page.locator("#mx-sort").selectOption("");
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Cilium", "Kong", "Traefik"]);

      await page.goto(`${base}/2024-06/?q=i&sort=complete`, { waitUntil: "load" });
      assert.equal(await page.locator("#mx-sort").inputValue(), "complete");
      assert.equal(await page.locator("#mx-q").inputValue(), "i");
      assert.deepEqual(await visibleNames(page), ["Istio", "Traefik", "Cilium"]);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("changed this month: only rows with a marked cell, kept in the URL", async () => {
    // 2024-03: Istio (2 advances), Envoy Gateway and Cilium (1 each) changed; Kong and Traefik did not.
    const { context, page, problems } = await open("/2024-03/");
    try {
      assert.equal(await page.locator("#matrix td[data-change]").count(), 4);
      await page.locator("#mx-changed").check();
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Cilium"]);
      assert.equal(new URL(page.url()).searchParams.get("changed"), "1");
      await page.reload({ waitUntil: "load" });
      assert.ok(await page.locator("#mx-changed").isChecked());
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Cilium"]);
      await page.locator("#mx-changed").uncheck();
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Cilium", "Kong", "Traefik"]);
      assert.equal(new URL(page.url()).search, "");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a cell permalink is highlighted and lands clear of the sticky headers", async () => {
    const { context, page } = await open("/2024-06/#traefik-1742", { viewport: NARROW });
    try {
      const m = await page.evaluate(() => {
        const td = document.querySelector(":target");
        const head = document.querySelector("#matrix thead th.corner").getBoundingClientRect();
        const row = document.querySelector("#matrix tbody.implementors th").getBoundingClientRect();
        const r = td.getBoundingClientRect();
        return { id: td.id, outline: getComputedStyle(td).outlineStyle, top: r.top, headBottom: head.bottom, left: r.left, rowRight: row.right, vh: innerHeight, vw: innerWidth };
      });
      assert.equal(m.id, "traefik-1742");
      assert.equal(m.outline, "solid");
      assert.ok(m.top >= m.headBottom - 1 && m.top < m.vh, `cell top ${m.top}, header bottom ${m.headBottom}`);
      assert.ok(m.left >= m.rowRight - 1 && m.left < m.vw, `cell left ${m.left}, row header right ${m.rowRight}`);
    } finally {
      await context.close();
    }
  });

  test("implementors list: sort by complete or last change, kept in the URL", async () => {
    const names = (page) => page.$$eval("#implementor-list tbody tr", (rs) => rs.map((r) => r.querySelector("th").textContent.trim()));
    const { context, page, problems } = await open("/implementors/");
    try {
      assert.deepEqual(await names(page), ["Cilium", "Envoy Gateway", "Istio", "Kong", "Traefik"]);
      await page.locator("#ls-sort").selectOption("complete");
      assert.deepEqual(await names(page), ["Istio", "Envoy Gateway", "Cilium", "Kong", "Traefik"]);
      assert.equal(new URL(page.url()).searchParams.get("sort"), "complete");
      await page.goto(`${base}/implementors/?sort=last`, { waitUntil: "load" });
      assert.equal(await page.locator("#ls-sort").inputValue(), "last");
      assert.deepEqual(await names(page), ["Istio", "Kong", "Traefik", "Cilium", "Envoy Gateway"]);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("without JavaScript every row is shown and the tools stay hidden", async () => {
    const { context, page } = await open("/2024-03/?q=is&nonblank=1&sort=complete", { javaScriptEnabled: false });
    try {
      assert.deepEqual(await visibleNames(page), ["Istio", "Envoy Gateway", "Cilium", "Kong", "Traefik"]);
      assert.equal(await page.locator("#matrix-tools").isVisible(), false);
      assert.equal(await page.locator("#mx-q").count(), 0);
      assert.equal(await page.locator("#matrix").isVisible(), true);
    } finally {
      await context.close();
    }
  });

  test("every matrix cell has a stable id", async () => {
    const { context, page } = await open("/2024-03/");
    try {
      const cell = page.locator("#istio-1742");
      assert.equal(await cell.count(), 1);
      assert.equal(await cell.evaluate((e) => e.tagName), "TD");
      assert.equal((await cell.textContent()).trim(), "C▲ (advanced this month)");
      const ids = await page.$$eval("#matrix tbody.implementors td[id]", (tds) => tds.map((td) => td.id));
      assert.equal(ids.length, 25);
      assert.ok(ids.every((id) => /^[a-z0-9-]+-\d+$/.test(id)), `cell ids: ${ids.join(" ")}`);
      assert.equal(new Set(ids).size, ids.length, "cell ids are unique");
      // A link to a cell scrolls to it: the id is a fragment target.
      await page.goto(`${base}/2024-03/#envoy-gateway-1016`, { waitUntil: "load" });
      assert.equal(await page.evaluate(() => document.querySelector(":target")?.id), "envoy-gateway-1016");
    } finally {
      await context.close();
    }
  });
});

describe("sections shape (tests/fixtures/shapes, under /shapes/)", () => {
  const skip = process.env.SITE_DIR ? "SITE_DIR: only that site is served" : false;
  const visible = (page, table) => page.$$eval(`#${table} tbody tr[data-changed]:not([hidden])`,
    (rs) => rs.map((r) => r.querySelector("th").textContent.trim()));

  for (const colorScheme of SCHEMES) {
    test(`month page: axe ${AXE_TAGS.join(",")}, no violations, ${colorScheme}; no sideways scroll at 390 px`, { skip }, async () => {
      for (const viewport of [WIDE, NARROW]) {
        const { context, page, response, problems } = await open("/shapes/2024-05/", { viewport, colorScheme });
        try {
          assert.equal(response.status(), 200);
          await page.screenshot({ path: join(shots, `shapes-month-2024-05-${viewport.width}-${colorScheme}.png`), fullPage: true });
          if (viewport === WIDE) {
            const { violations, rules } = await axe(page);
            assert.ok(rules >= 10, `axe ran only ${rules} rules`);
            assert.equal(violations.length, 0, `axe violations (${colorScheme}):\n${describeViolations(violations)}`);
          } else {
            const m = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, c: document.documentElement.clientWidth }));
            assert.ok(m.w <= m.c, `scrolls sideways at 390 px: ${m.w} > ${m.c}`);
          }
          assert.deepEqual(problems, []);
        } finally {
          await context.close();
        }
      }
    });
  }

  test("a filter per section: it filters its own table only, and empties a group's row group", { skip }, async () => {
    const { context, page, problems } = await open("/shapes/2024-05/");
    try {
      const traces = ["Create TracerProvider", "Get a Tracer with schema_url", "Create root span",
        "Get active Span", "Get active Span", "Links between spans"];
      assert.deepEqual(await visible(page, "s-traces-matrix"), traces);
      const tools = page.locator('.matrix-tools[data-table="s-traces-matrix"]');
      assert.ok(await tools.isVisible());
      await tools.locator("input[type=search]").pressSequentially("span");
      assert.deepEqual(await visible(page, "s-traces-matrix"),
        ["Create root span", "Get active Span", "Get active Span", "Links between spans"]);
      // Metrics is untouched; the Span group keeps its header, TracerProvider's row group too.
      assert.deepEqual(await visible(page, "s-metrics-matrix"), ["Create MeterProvider", "Exemplars"]);
      await tools.locator("input[type=search]").fill("tracer");
      assert.deepEqual(await visible(page, "s-traces-matrix"), ["Create TracerProvider", "Get a Tracer with schema_url"]);
      const hidden = await page.$$eval("#s-traces-matrix tbody", (bs) => bs.map((b) => b.hidden));
      assert.deepEqual(hidden, [false, true, true]);
      await tools.locator("input[type=search]").fill("");
      await tools.locator("input[type=checkbox]").check();
      assert.deepEqual(await visible(page, "s-traces-matrix"), ["Get a Tracer with schema_url", "Get active Span"]);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

describe("version matrix (tests/fixtures/shapes-versions, under /versions/)", () => {
  const skip = process.env.SITE_DIR ? "SITE_DIR: only that site is served" : false;
  const pages = ["/versions/2024-02/", "/versions/2024-03/changes/", "/versions/jdks/22/", "/versions/implementors/2-12/"];

  for (const colorScheme of SCHEMES) {
    test(`month, changes, item and line pages: axe ${AXE_TAGS.join(",")}, no violations, ${colorScheme}; no sideways scroll at 390 px`, { skip }, async () => {
      for (const path of pages) {
        for (const viewport of [WIDE, NARROW]) {
          const { context, page, response, problems } = await open(path, { viewport, colorScheme });
          try {
            assert.equal(response.status(), 200, path);
            const name = path.replace(/^\/versions\//, "").replace(/\/$/, "").replace(/\//g, "-");
            await page.screenshot({ path: join(shots, `versions-${name}-${viewport.width}-${colorScheme}.png`), fullPage: true });
            if (viewport === WIDE) {
              const { violations, rules } = await axe(page);
              assert.ok(rules >= 10, `axe ran only ${rules} rules`);
              assert.equal(violations.length, 0, `axe violations on ${path} (${colorScheme}):\n${describeViolations(violations)}`);
            } else {
              const m = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, c: document.documentElement.clientWidth }));
              assert.ok(m.w <= m.c, `${path} scrolls sideways at 390 px: ${m.w} > ${m.c}`);
            }
            assert.deepEqual(problems, []);
          } finally {
            await context.close();
          }
        }
      }
    });
  }

  test("a forthcoming cell says so in words, coloured as forthcoming, not as supported", { skip }, async () => {
    const { context, page, problems } = await open("/versions/2024-02/");
    try {
      const cells = await page.$$eval("tr#\\32 2 td:not(.attr-val)", (tds) => tds.map((td) => ({ text: td.textContent.trim(), bg: getComputedStyle(td).backgroundColor })));
      assert.equal(cells[0].text, "3.3.2 forthcoming");
      const supported = await page.$eval("tr#\\32 1 td:not(.attr-val)", (td) => ({ text: td.textContent.trim(), bg: getComputedStyle(td).backgroundColor }));
      assert.equal(supported.text, "since 3.3.1");
      assert.notEqual(cells[0].bg, supported.bg, "forthcoming and supported share a colour");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

describe("feature-level Gateway API example (examples/gateway-features, under /gateway-features/)", () => {
  const skip = process.env.SITE_DIR ? "SITE_DIR: only that site is served" : false;
  // One page of each kind.
  const pages = ["/", "/2026-08/", "/2026-08/changes/", "/changes/", "/features/",
    "/features/httprouterequestmirror/", "/implementors/", "/implementors/istio/"];

  for (const colorScheme of SCHEMES) {
    test(`one page of each kind: axe ${AXE_TAGS.join(",")}, no violations, ${colorScheme}; no sideways scroll at 390 px`, { skip }, async () => {
      for (const path of pages) {
        for (const viewport of [WIDE, NARROW]) {
          const { context, page, response, problems } = await open(`/gateway-features${path}`, { viewport, colorScheme });
          try {
            assert.equal(response.status(), 200, path);
            if (viewport === WIDE) {
              const { violations, rules } = await axe(page);
              assert.ok(rules >= 10, `axe ran only ${rules} rules`);
              assert.equal(violations.length, 0, `axe violations on ${path} (${colorScheme}):\n${describeViolations(violations)}`);
            } else {
              const m = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, c: document.documentElement.clientWidth }));
              assert.ok(m.w <= m.c, `${path} scrolls sideways at 390 px: ${m.w} > ${m.c}`);
            }
            assert.deepEqual(problems, [], path);
          } finally {
            await context.close();
          }
        }
      }
    });
  }

  test("a feature page links to its GEP's page on the GEP-level site, and that page links back", { skip }, async () => {
    const { context, page, problems } = await open("/gateway-features/features/httprouterequesttimeout/");
    try {
      await page.screenshot({ path: join(shots, "features-httprouterequesttimeout.png"), fullPage: true });
      await page.getByRole("link", { name: "GEP-1742" }).click();
      await page.waitForLoadState("load");
      assert.equal(new URL(page.url()).pathname, "/gateway-conformance/geps/1742/");
      await page.getByRole("link", { name: "HTTPRouteBackendTimeout" }).click();
      await page.waitForLoadState("load");
      assert.equal(new URL(page.url()).pathname, "/gateway-features/features/httproutebackendtimeout/");
      assert.match(await page.locator("h1").textContent(), /HTTPRouteBackendTimeout/);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("a month page filters its rows by release, kept in the URL; without JavaScript every row shows", { skip }, async () => {
    const rowsShown = (page) => page.$$eval("#matrix tbody.implementors tr",
      (rs) => rs.filter((r) => r.offsetParent !== null).map((r) => r.querySelectorAll("td")[0].textContent.trim()));
    let { context, page, problems } = await open("/gateway-features/2026-08/?f-release=v1.5");
    try {
      await page.screenshot({ path: join(shots, "features-month-2026-08-v1.5.png"), fullPage: false });
      const shown = await rowsShown(page);
      assert.ok(shown.length > 0 && shown.length < 29, `${shown.length} rows`);
      assert.deepEqual([...new Set(shown)], ["v1.5"]);
      await page.locator('select[data-key="release"]').selectOption("v1.6");
      assert.match(page.url(), /f-release=v1\.6/);
      assert.deepEqual([...new Set(await rowsShown(page))], ["v1.6"]);
      await page.locator('select[data-key="release"]').selectOption("");
      assert.equal((await rowsShown(page)).length, 29);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
    ({ context, page } = await open("/gateway-features/2026-08/?f-release=v1.5", { javaScriptEnabled: false }));
    try {
      assert.equal((await rowsShown(page)).length, 29);
    } finally {
      await context.close();
    }
  });
});

// Issue 26: at 390 px the newest month and the key columns show without scrolling sideways, on
// every page kind; the month matrix fills the viewport and a cell link keeps its headers in view.
describe("phone and viewport (issue 26)", () => {
  const skip = process.env.SITE_DIR ? "SITE_DIR: only that site is served" : false;

  /** Where each element matching `sel` (or `text` inside it) lies against the viewport, as
   * loaded: nothing is scrolled by the test. */
  async function placed(page, sel, text) {
    return page.evaluate(([sel, text]) => {
      const vw = document.documentElement.clientWidth;
      return [...document.querySelectorAll(sel)]
        .filter((e) => text === undefined || e.textContent.includes(text))
        .map((e) => {
          const r = e.getBoundingClientRect();
          return { text: e.textContent.trim().replace(/\s+/g, " ").slice(0, 40), left: r.left, right: r.right, top: r.top, bottom: r.bottom, vw, vh: innerHeight };
        });
    }, [sel, text]);
  }

  function assertShown(list, what) {
    assert.ok(list.length > 0, `${what}: nothing found`);
    for (const p of list) {
      assert.ok(p.left >= -1 && p.right <= p.vw + 1,
        `${what}: "${p.text}" at ${Math.round(p.left)}..${Math.round(p.right)} px, viewport ${p.vw} px wide`);
    }
  }

  // [page, what must show at 390 px (selector, optional text), why]
  const checks = [
    ["/", [["figure.chart text, figure.chart svg", undefined]], "index: every small multiple"],
    ["/", [["#ranked-caption ~ tbody th[scope=row] .row-title", undefined]], "index: chart data titled"],
    ["/2024-06/", [["#matrix thead th.corner", undefined], ["#matrix thead th", "GEP-1016"], ["#matrix tbody th[scope=row]", undefined]], "month: names and first column"],
    ["/geps/1742/", [["table.history thead th", "Jul 2024"], ["table.history tbody th[scope=row]", undefined]], "item: newest month of the history"],
    ["/implementors/istio/", [["table.matrix thead th", "Jul 2024"], ["table.matrix tbody th[scope=row]", undefined]], "implementor: newest month"],
    ["/graduation/", [["table.graduation thead th", "Complete"], ["table.graduation thead th", "When"], ["table.graduation tbody th[scope=row]", undefined]], "graduation: key columns"],
    ["/geps/", [["table thead th", "Complete"], ["table tbody th[scope=row]", undefined]], "proposal list: key columns"],
    ["/implementors/", [["table thead th", "Complete"], ["table thead th", "Last change"]], "implementor list: key columns"],
    ["/changes/", [["main li a", "July 2024"]], "changes index: newest month"],
    ["/2024-06/changes/", [["h1", "June 2024"], ["main h2", undefined]], "changes page"],
  ];
  for (const [path, wants, what] of checks) {
    test(`390 px: ${what} (${path}) shows without sideways scrolling`, async () => {
      const { context, page, problems } = await open(path, { viewport: NARROW });
      try {
        for (const [sel, text] of wants) assertShown(await placed(page, sel, text), `${what}, ${sel}${text ? ` "${text}"` : ""}`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }

  test("390 px: the proposal chart's legend is inside the part of the chart shown", async () => {
    // The chart opens at its right end (the newest months): its legend is drawn there.
    const { context, page } = await open("/geps/1742/", { viewport: NARROW });
    try {
      const svg = await (await fetch(`${base}/geps/1742/chart.svg`)).text();
      const width = Number(svg.match(/<svg[^>]* width="(\d+)"/)[1]);
      const xs = [...svg.matchAll(/<rect x="(\d+)" y="(\d+)" width="14" height="14"/g)].map((m) => Number(m[1]));
      assert.ok(xs.length >= 3, `legend swatches: ${xs.length}`);
      const shown = await page.evaluate(() => {
        const f = document.querySelector("figure.chart");
        return f.clientWidth;
      });
      for (const x of xs) assert.ok(x >= width - shown, `legend swatch at x=${x} of ${width}: left of the ${shown} px shown`);
      // Opened at its right end: the newest month is in view.
      const img = await page.evaluate(() => document.querySelector("figure.chart img").getBoundingClientRect().right);
      assert.ok(img <= 390, `the chart's right end at ${img} px`);
    } finally {
      await context.close();
    }
  });

  test("390 px: a sectioned matrix's group rows are labelled bands, their names in view", { skip }, async () => {
    const { context, page } = await open("/shapes/2024-05/", { viewport: NARROW });
    try {
      const groups = await page.evaluate(() => [...document.querySelectorAll("table.matrix th[scope=rowgroup]")].map((th) => {
        const range = document.createRange();
        range.selectNodeContents(th);
        const r = range.getBoundingClientRect();
        return { text: th.textContent.trim(), left: r.left, right: r.right, bg: getComputedStyle(th).backgroundColor, page: getComputedStyle(document.body).backgroundColor, vw: document.documentElement.clientWidth };
      }));
      assert.ok(groups.length > 0, "no group rows");
      for (const g of groups) {
        assert.ok(g.left >= 0 && g.right <= g.vw, `group "${g.text}" at ${Math.round(g.left)}..${Math.round(g.right)}`);
        assert.notEqual(g.bg, g.page, `group "${g.text}" has the page's background`);
        assert.notEqual(g.bg, "rgba(0, 0, 0, 0)", `group "${g.text}" has no background`);
      }
    } finally {
      await context.close();
    }
  });

  test("1280 px: the overview's chart data shows titles first and fits", { skip }, async () => {
    for (const prefix of ["", "/gateway-features", "/gateway-conformance", "/shapes"]) {
      const { context, page } = await open(`${prefix}/`);
      try {
        const m = await page.evaluate(() => {
          const table = document.getElementById("ranked-caption").closest("table");
          const box = table.closest(".table-scroll");
          const th = table.querySelector("tbody th[scope=row]");
          return { scroll: box.scrollWidth, client: box.clientWidth, first: th.firstElementChild.className, width: table.getBoundingClientRect().width };
        });
        assert.ok(m.scroll <= m.client, `${prefix}/: chart data ${m.scroll} px wide in ${m.client} px`);
        assert.equal(m.first, "row-title", `${prefix}/: a row starts with its title`);
      } finally {
        await context.close();
      }
    }
  });

  for (const viewport of [WIDE, NARROW]) {
    test(`${viewport.width} px: the month matrix fills the viewport; a cell link keeps its row and column headers in view`, { skip }, async () => {
      const month = "/gateway-conformance/2026-08/";
      let { context, page } = await open(month, { viewport });
      try {
        const h = await page.evaluate(() => document.querySelector(".matrix-scroll").getBoundingClientRect().height);
        assert.ok(h >= viewport.height - 48, `matrix box ${Math.round(h)} px high in a ${viewport.height} px viewport`);
      } finally {
        await context.close();
      }
      for (const cell of ["istio-1742", "wso2-api-platform-gateway-1742", "agentgateway-3155", "wso2-api-platform-gateway-3155"]) {
        ({ context, page } = await open(`${month}#${cell}`, { viewport }));
        try {
          const m = await page.evaluate((id) => {
            const td = document.getElementById(id);
            const box = td.closest(".matrix-scroll").getBoundingClientRect();
            const head = td.closest("table").querySelector("thead th.corner").getBoundingClientRect(); // sticky
            const row = td.parentElement.querySelector("th[scope=row]").getBoundingClientRect();
            const r = td.getBoundingClientRect();
            return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, headTop: head.top, headBottom: head.bottom,
              rowLeft: row.left, rowRight: row.right, boxBottom: box.bottom, boxRight: box.right, vh: innerHeight, vw: document.documentElement.clientWidth };
          }, cell);
          const where = `${cell} at ${viewport.width} px: ${JSON.stringify(m)}`;
          assert.ok(m.headTop >= -1 && m.headBottom <= m.vh, `column headers out of view: ${where}`);
          assert.ok(m.rowLeft >= -1 && m.rowRight <= m.vw, `row header out of view: ${where}`);
          assert.ok(m.top >= m.headBottom - 1 && m.bottom <= Math.min(m.boxBottom, m.vh) + 1, `cell hidden vertically: ${where}`);
          assert.ok(m.left >= m.rowRight - 1 && m.right <= Math.min(m.boxRight, m.vw) + 1, `cell hidden sideways: ${where}`);
        } finally {
          await context.close();
        }
      }
    });
  }

  test("dark charts: the inline and the standalone SVG draw on a dark background", async () => {
    for (const path of ["/", "/charts/complete.svg", "/geps/1742/chart.svg", "/implementors/istio/chart.svg"]) {
      const { context, page } = await open(path, { colorScheme: "dark" });
      try {
        const fill = await page.evaluate(() => getComputedStyle(document.querySelector("svg .sg-bg")).fill);
        assert.ok(luminance(fill) < 0.05, `${path}: chart background ${fill} in dark mode`);
      } finally {
        await context.close();
      }
    }
  });
});
