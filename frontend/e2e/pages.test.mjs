// End to end in real Chromium: the demo council served by the real binary; each role signs in
// through the forms and visits its pages; axe-core checks every page it sees and the test
// fails on any violation.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDriver, newBrowser, startProcess } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const binary = process.env.HIGHNEEDS_BIN ?? join(repo, 'target', 'debug', 'highneeds');
const axeSource = readFileSync(join(here, '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const port = 18400 + (process.pid % 500);
const site = `http://127.0.0.1:${port}`;

let server;
let driver;
let folder;
const signIns = {};

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'highneeds-e2e-'));
  server = await startProcess(binary, ['demo', '--db', join(folder, 'demo.db'), '--addr', `127.0.0.1:${port}`,
    '--frontend', join(repo, 'frontend')], /^Serving on /);
  for (const line of server.lines) {
    const m = line.match(/^ {2}(.+?)\s{2,}(\S+@\S+)\s+(\S+)$/);
    if (m) signIns[m[1]] = { email: m[2], password: m[3] };
  }
  driver = await startDriver(port + 1000);
});

after(async () => {
  driver?.stop();
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Runs axe on the page in the browser; fails listing every violation. */
async function checkAccessibility(browser, label) {
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

async function visit(browser, path, pages) {
  await browser.get(`${site}${path}`);
  const title = await browser.title();
  pages.push(`${path} (${title})`);
  await checkAccessibility(browser, path);
  return title;
}

async function signInStaff(browser, who) {
  const account = signIns[who];
  assert.ok(account, `the demo printed a sign-in for ${who}: ${JSON.stringify(Object.keys(signIns))}`);
  await browser.get(`${site}/sign-in`);
  await checkAccessibility(browser, `/sign-in as ${who}`);
  await browser.type('#email', account.email);
  await browser.type('#password', account.password);
  await browser.click('form[action="/sign-in"] button');
  await landsOn(browser, /\/dashboard$/, `${who} lands on their home page`);
}

/** Waits for a navigation to finish at the expected address; says where it ended if not. */
async function landsOn(browser, pattern, message) {
  for (let i = 0; i < 50; i++) {
    if (pattern.test(await browser.url())) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const source = await browser.source();
  const problem = source.match(/govuk-error-summary__list">(.*?)<\/ul>/s)?.[1] ?? '';
  assert.fail(`${message}: at ${await browser.url()} "${await browser.title()}" ${problem}`);
}

test('the public pages pass axe', async () => {
  const browser = await newBrowser(driver.base);
  const pages = [];
  try {
    for (const path of ['/', '/sign-in', '/sign-in/family', '/accessibility', '/cookies', '/no-such-page']) {
      await visit(browser, path, pages);
    }
    // A wrong password shows the error summary, which must pass axe too.
    await browser.get(`${site}/sign-in`);
    await browser.type('#email', 'nobody@example.org');
    await browser.type('#password', 'wrong password');
    await browser.click('form[action="/sign-in"] button');
    let title = '';
    for (let i = 0; i < 50 && !/^Error: Sign in/.test(title); i++) {
      title = await browser.title();
      if (!/^Error: Sign in/.test(title)) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(title, /^Error: Sign in/);
    await checkAccessibility(browser, 'sign-in error');
  } finally {
    await browser.quit();
  }
});

for (const who of ['Council administrator', 'SEND caseworker', 'SEND manager', 'Finance officer', 'Panel member',
  'Forum clerk', 'Forum member', 'SENCO', 'Professional']) {
  test(`${who} signs in and every page they visit passes axe`, async () => {
    const browser = await newBrowser(driver.base);
    const pages = [];
    try {
      await signInStaff(browser, who);
      await visit(browser, '/dashboard', pages);
      await visit(browser, '/dashboard/ehc?year=2024', pages);
      await visit(browser, '/settings', pages);
      await visit(browser, '/settings/1', pages);
      if (who === 'SEND caseworker' || who === 'SEND manager') {
        await visit(browser, '/children?q=a', pages);
        await visit(browser, '/children?q=', pages);
        const source = await browser.source();
        const link = source.match(/href="(\/children\/\d+)"/);
        await visit(browser, '/children?q=S', pages);
        const first = (await browser.source()).match(/href="(\/children\/\d+)"/);
        assert.ok(first || link, 'the search finds children');
        const title = await visit(browser, (first ?? link)[1], pages);
        assert.doesNotMatch(title, /Page not found/);
      } else if (who !== 'SENCO') {
        // (A SENCO sees their own school's pupils: the access-matrix test covers them.)
        const title = await visit(browser, '/children/1', pages);
        assert.match(title, /Page not found/, `${who} cannot open a child's record`);
      }
    } finally {
      await browser.quit();
    }
  });
}

test('a parent signs in with an emailed code, sees their child, and not another', async () => {
  const browser = await newBrowser(driver.base);
  const pages = [];
  try {
    const parent = server.lines.find((l) => l.includes('Parent or carer'));
    const [, email, childId] = parent.match(/(\S+@\S+)\s+a code sent by email \(child (\d+)\)/);
    await visit(browser, '/sign-in/family', pages);
    await browser.type('#email', email);
    await browser.click('form[action="/sign-in/family"] button');
    await checkAccessibility(browser, 'check your email');
    let code;
    for (let i = 0; i < 50 && !code; i++) {
      code = server.lines.map((l) => l.match(new RegExp(`^Email to ${email}: Your sign-in code: (\\d{6})`))).find(Boolean)?.[1];
      if (!code) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(code, 'the code was printed by the demo server');
    await browser.type('#code', code);
    await browser.click('form[action="/sign-in/family/code"] button');
    await landsOn(browser, /\/dashboard$/, 'the parent lands on their home page');
    await visit(browser, '/dashboard', pages);
    const own = await visit(browser, `/children/${childId}`, pages);
    assert.doesNotMatch(own, /Page not found/);
    const other = await visit(browser, `/children/${Number(childId) === 1 ? 2 : 1}`, pages);
    assert.match(other, /Page not found/, 'another family\'s child is not found');
  } finally {
    await browser.quit();
  }
});
