// A real headless browser for the end-to-end tests: Debian's `chromium` driven by
// playwright-core (which never downloads a browser of its own), and a watch on every page it
// opens. The watch records what a person would call broken, so that a test can demand none:
// console errors, uncaught page errors, dialogs (an alert() means script ran), failed
// requests, sub-resources answered with an HTTP error, crashes, and any request to a host off
// this machine (aborted before it leaves; a dead loopback proxy catches whatever the page
// layer does not see).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The Chromium binary: PROVENANCE_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumBinary() {
  const path = process.env.PROVENANCE_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`no Chromium at ${path}: scripts/setup.sh installs Debian's chromium, or set PROVENANCE_CHROMIUM`);
  }
  return path;
}

/** Where screenshots and downloads go: PROVENANCE_ARTIFACTS, else tests/artifacts/ (made if missing). */
export function artifactsDir() {
  const env = process.env.PROVENANCE_ARTIFACTS;
  const dir = env ? resolve(env) : fileURLToPath(new URL('../../artifacts/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** An artifact's path: `name` inside artifactsDir(), or as given if absolute. */
export function artifactPath(name) {
  return isAbsolute(name) ? name : join(artifactsDir(), name);
}

/** Whether a URL stays on this machine: loopback hosts, and URLs that fetch nothing. */
export function isLoopbackUrl(url) {
  let u;
  try {
    u = new URL(String(url));
  } catch {
    return false;
  }
  if (['data:', 'about:', 'blob:'].includes(u.protocol)) return true;
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) return false;
  const host = u.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Launches headless Chromium. `--no-sandbox` because the tests may run as root;
 * `--proxy-server` names a closed loopback port, so that anything the browser would send off
 * this machine fails at once (Chromium never proxies loopback addresses).
 */
export async function launchBrowser({ args = [] } = {}) {
  return chromium.launch({
    executablePath: chromiumBinary(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--proxy-server=http://127.0.0.1:9',
      ...args,
    ],
    timeout: 60_000,
  });
}

const HTTP_ERROR_CONSOLE = /^Failed to load resource: the server responded with a status of (\d{3})/;

/**
 * A browser context with one page, both watched (`contextOptions` go to browser.newContext,
 * e.g. `{ javaScriptEnabled: false }`). Returns
 * { context, page, problems, responses, visit(path, { status }), expectHttpError(pred),
 *   takeProblems(), assertClean(what), screenshot(name), close() }.
 * `problems` lists every fault seen since the last takeProblems(); `expectHttpError` allows the
 * console line Chromium writes for a document answered with an HTTP error, for documents a
 * test asks for on purpose (a 404 page).
 */
export async function openSession(browser, { baseURL, viewport = { width: 1280, height: 900 }, ...contextOptions } = {}) {
  const context = await browser.newContext({
    baseURL,
    viewport,
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'UTC',
    serviceWorkers: 'block',
    ...contextOptions,
  });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  // Faults as { text, url, abortedRequest }: an aborted request is judged when the problems are
  // read, since a download's 'download' event may come after its request's failure.
  let problems = [];
  const responses = [];
  const expectedErrors = [];
  const downloads = new Set();
  const watched = new WeakSet();
  const expected = (url) => expectedErrors.some((pred) => pred(url));
  const note = (text) => problems.push({ text });
  const current = () => problems
    .filter((p) => !(p.abortedRequest && downloads.has(p.url)))
    .map((p) => p.text);

  await context.route((url) => !isLoopbackUrl(url.href), async (route) => {
    const req = route.request();
    note(`request off this machine: ${req.method()} ${req.url()}`);
    await route.abort('blockedbyclient');
  });

  const watch = (page) => {
    if (watched.has(page)) return;
    watched.add(page);
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      const where = msg.location()?.url ?? '';
      if (HTTP_ERROR_CONSOLE.test(text) && expected(where)) return;
      note(`console error at ${where || page.url()}: ${text}`);
    });
    page.on('pageerror', (err) => note(`page error at ${page.url()}: ${err.message}`));
    page.on('dialog', (dialog) => {
      note(`dialog (${dialog.type()}) at ${page.url()}: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
    page.on('crash', () => note(`page crashed at ${page.url()}`));
    page.on('download', (d) => downloads.add(d.url()));
    page.on('requestfailed', (req) => {
      const error = req.failure()?.errorText ?? 'failed';
      if (!isLoopbackUrl(req.url())) return; // already recorded by the route
      // Chromium cancels a page's icon fetch when the test navigates on before it finished.
      if (/ERR_ABORTED/.test(error) && new URL(req.url()).pathname === '/favicon.svg') return;
      // A link the browser turns into a download ends its request as aborted.
      problems.push({
        text: `request failed: ${req.method()} ${req.url()}: ${error}`,
        url: req.url(),
        abortedRequest: /ERR_ABORTED/.test(error),
      });
    });
    page.on('response', (res) => {
      const req = res.request();
      responses.push({ url: res.url(), status: res.status(), navigation: req.isNavigationRequest(), type: req.resourceType() });
      if (res.status() >= 400 && !req.isNavigationRequest() && !expected(res.url())) {
        note(`HTTP ${res.status()} for ${req.resourceType()} ${res.url()}`);
      }
    });
  };
  context.on('page', watch);
  const page = await context.newPage();
  watch(page);

  const absolute = (path) => new URL(path, baseURL ?? page.url()).href;
  return {
    context,
    page,
    responses,
    /** The faults seen since the last takeProblems(). */
    get problems() {
      return current();
    },
    /** Allows HTTP error documents whose URL satisfies `pred` (a function, string or RegExp). */
    expectHttpError(pred) {
      if (typeof pred === 'string') {
        const want = absolute(pred);
        expectedErrors.push((url) => url === want);
      } else if (pred instanceof RegExp) {
        expectedErrors.push((url) => pred.test(url));
      } else {
        expectedErrors.push(pred);
      }
    },
    /** Navigates to `path`; asserts the status (a number, or a predicate). Returns the response. */
    async visit(path, { status = 200 } = {}) {
      const url = absolute(path);
      const wantsError = typeof status === 'number' ? status >= 400 : true;
      if (wantsError) expectedErrors.push((u) => u === url);
      const res = await page.goto(url, { waitUntil: 'load' });
      assert.ok(res, `no response for ${url}`);
      if (typeof status === 'number') {
        assert.equal(res.status(), status, `HTTP status of ${url}`);
      } else {
        assert.ok(status(res.status()), `HTTP status ${res.status()} of ${url}`);
      }
      return res;
    },
    /** The faults seen so far, forgotten. */
    takeProblems() {
      const seen = current();
      problems = [];
      return seen;
    },
    /** Asserts no fault was seen since the last check. */
    assertClean(what = 'the pages') {
      const seen = this.takeProblems();
      assert.deepEqual(seen, [], `${what}: console errors, page errors, dialogs, failed or off-machine requests`);
    },
    /** A full-page PNG of the current page in the artifacts directory; returns its path. */
    async screenshot(name, { fullPage = true } = {}) {
      const path = artifactPath(name);
      await page.screenshot({ path, fullPage });
      return path;
    },
    async close() {
      await context.close();
    },
  };
}
