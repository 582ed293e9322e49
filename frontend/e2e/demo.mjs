// What the end-to-end tests share: the demo council served by the real binary with its printed
// sign-ins, a browser driver, axe-core run on a page, and waiting for a page to arrive.

import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDriver, startProcess } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const binary = process.env.HIGHNEEDS_BIN ?? join(repo, 'target', 'debug', 'highneeds');
const axeSource = readFileSync(join(here, '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Builds and serves the demo council on `port` (with `extra` arguments), and starts
 * ChromeDriver on `port + 1000`. Resolves to { site, signIns, driver, stop }: `signIns` maps
 * each role's label to the email and password the demo printed.
 */
export async function startDemo(name, port, extra = []) {
  const folder = mkdtempSync(join(tmpdir(), `highneeds-e2e-${name}-`));
  const server = await startProcess(binary, ['demo', '--db', join(folder, 'demo.db'), '--addr', `127.0.0.1:${port}`,
    '--frontend', join(repo, 'frontend'), ...extra], /^Serving on /);
  const signIns = {};
  for (const line of server.lines) {
    const m = line.match(/^ {2}(.+?)\s{2,}(\S+@\S+)\s+(\S+)$/);
    if (m) signIns[m[1]] = { email: m[2], password: m[3] };
  }
  const driver = await startDriver(port + 1000);
  return {
    site: `http://127.0.0.1:${port}`,
    signIns,
    driver,
    lines: server.lines,
    stop: async () => {
      driver.stop();
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Runs axe on the page in the browser; fails listing every violation. */
export async function checkAccessibility(browser, label) {
  // axe's own source is part of the script WebDriver runs: the pages' Content-Security-Policy
  // (rightly) blocks an injected <script> element.
  const result = await browser.script(
    `${axeSource}
     ;const done = arguments[arguments.length - 1];
     window.axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations.map((v) =>
       v.id + ': ' + v.help + ' [' + v.nodes.map((n) => n.target.join(' ')).join('; ') + ']')), (e) => done(['axe failed: ' + e]));`,
  );
  assert.deepEqual(result, [], `axe on ${label}`);
}

/** Waits for a navigation to finish at the expected address; says where it ended if not. */
export async function landsOn(browser, pattern, message) {
  for (let i = 0; i < 50; i++) {
    if (pattern.test(await browser.url())) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const source = await browser.source();
  const problem = source.match(/govuk-error-summary__list">(.*?)<\/ul>/s)?.[1] ?? '';
  assert.fail(`${message}: at ${await browser.url()} "${await browser.title()}" ${problem}`);
}

/** Waits for the page to show `pattern` (after a form posts back to the same address). */
export async function shows(browser, pattern, message) {
  for (let i = 0; i < 50; i++) {
    if (pattern.test(await browser.source())) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${message}: at ${await browser.url()} "${await browser.title()}"`);
}

/** Types a day into the GOV.UK date input `name`. */
export async function fillDate(browser, name, date) {
  for (const [part, value] of [['day', date.getDate()], ['month', date.getMonth() + 1], ['year', date.getFullYear()]]) {
    await browser.clear(`#${name}-${part}`);
    await browser.type(`#${name}-${part}`, String(value));
  }
}

/** Signs a member of staff in through the form, as the demo printed their sign-in. */
export async function signInStaff(browser, demo, label) {
  const account = demo.signIns[label];
  assert.ok(account, `the demo printed a ${label} sign-in: ${JSON.stringify(Object.keys(demo.signIns))}`);
  await browser.get(`${demo.site}/sign-in`);
  await checkAccessibility(browser, `/sign-in as ${label}`);
  await browser.type('#email', account.email);
  await browser.type('#password', account.password);
  await browser.click('form[action="/sign-in"] button');
  await landsOn(browser, /\/dashboard$/, `${label} lands on their home page`);
  return account.email;
}
