/**
 * `grounded check --format html` opened in headless Chromium (Debian's
 * `chromium`, installed on demand like the other editors' packages) through
 * playwright-core: the page makes no request, runs nothing from a source,
 * shows the tally and the chart, colours each claim by verdict, names the page
 * of a PDF passage and cites in the project's CSL style, and is navigable from
 * the keyboard. With GROUNDED_SCREENSHOTS=DIR it also saves the screenshot the
 * README shows (`images/report.png`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ensureDebianPackages } from "./helpers/debian";
import { makePdf, REPORT } from "./helpers/documents";

const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** A project whose sources include a PDF, a text article and an article full of markup that must stay text. */
async function project(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "grounded-html-"));
  mkdirSync(join(dir, "corpus"));
  writeFileSync(join(dir, "corpus", "report.pdf"), await makePdf(REPORT));
  writeFileSync(join(dir, "corpus", "museum.txt"), [
    "Lighthouse Museum",
    "",
    "The lighthouse of Zorland was built in 1890, <script>window.pwned = 1</script> the museum says <img src=x onerror=\"window.pwned = 2\">.",
    "",
  ].join("\n"));
  writeFileSync(join(dir, "corpus", "ferry.txt"), "Ferry News\n\nThe ferry to Zorland runs twice a day in summer, the operator said on Tuesday.\n");
  writeFileSync(join(dir, ".grounded.jsonc"), `{ "corpus": ["corpus"], "csl": "apa" }\n`);
  writeFileSync(join(dir, "draft.md"), [
    "# The port of Zorland <script>window.pwned = 3</script>",
    "",
    "The harbour of Zorland handled 700 ships in 2020.",
    "",
    "The lighthouse of Zorland was built in 1890.",
    "",
    "The ferry to Zorland runs twice a day in summer.",
    "",
    "Zorland's airport opened in 1990.",
    "",
  ].join("\n"));
  return dir;
}

test("--format html in headless Chromium: self-contained, escaped, tallied, coloured, cited, keyboard navigable", async () => {
  ensureDebianPackages("chromium", ["chromium"]);
  assert.ok(existsSync("dist/cli.js"), 'dist/cli.js is missing: run "npm run build" first');
  const dir = await project();
  const r = spawnSync(process.execPath, [join(process.cwd(), "dist/cli.js"), "check", "--no-cache", "--no-exit", "--format", "html", "draft.md"], { cwd: dir, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^<!doctype html>/);
  const file = join(dir, "report.html");
  writeFileSync(file, r.stdout);

  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (q) => requests.push(q.url()));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).toString());
    assert.deepEqual(requests, [pathToFileURL(file).toString()], "the page loads nothing but itself");
    assert.deepEqual(errors, [], "no script error and no content-security-policy violation");
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined, "markup from a source or the draft never runs");
    assert.equal(await page.locator("img").count(), 0);
    assert.match(await page.locator("body").innerText(), /<script>window\.pwned = 1<\/script>/, "it is shown as text");

    assert.deepEqual(await page.locator(".tally li").allInnerTexts(), ["✓ 2 supported", "✗ 1 contradicted", "? 1 unsupported"]);
    assert.equal(await page.locator("svg.chart rect.bar").count(), 3);
    const claims = page.locator("pre.draft a.claim");
    assert.deepEqual(await claims.evaluateAll((els) => els.map((e) => e.className)), ["claim contradicted", "claim supported", "claim supported", "claim unsupported"]);
    const colour = (sel: string) => page.locator(sel).first().evaluate((e) => getComputedStyle(e).borderBottomColor);
    assert.notEqual(await colour("a.claim.contradicted"), await colour("a.claim.supported"));

    const contradicted = page.locator("li.detail.contradicted");
    assert.match(await contradicted.innerText(), /the source says 900, not 700/);
    // The PDF passage names its page, in the project's CSL style (APA: "Roe, J. (2021).") .
    assert.match(await contradicted.locator(".source").first().innerText(), /Jane Roe\. \(2021\)\. Harbour Report 2020.*\(p\. 2\)/);
    assert.match(await contradicted.locator(".file").first().innerText(), /corpus\/report\.pdf, p\. 2/);

    const shots = process.env.GROUNDED_SCREENSHOTS;
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, "report.png") });
    }
    // The keyboard: Tab reaches the first claim in the draft, Enter opens its details, n goes to the next claim.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.className), "claim contradicted");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.classList.contains("detail"));
    assert.match(await page.evaluate(() => location.hash), /^#claim-1-\d+$/);
    await page.keyboard.press("n");
    assert.equal(await page.evaluate(() => document.activeElement?.className), "claim supported");
    await page.keyboard.press("p");
    await page.keyboard.press("p");
    assert.equal(await page.evaluate(() => document.activeElement?.className), "claim unsupported", "p wraps around to the last claim");

  } finally {
    await browser.close();
  }
});
