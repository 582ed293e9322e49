// End to end in real Chromium: the demo council served by the real binary; each role signs in
// through the forms and visits its pages; axe-core checks every page it sees and the test
// fails on any violation.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newBrowser } from './webdriver.mjs';
import { startDemo, checkAccessibility, landsOn, signInStaff as signIn } from './demo.mjs';

const port = 18400 + (process.pid % 500);

let demo;
let site;
let driver;
let signIns;

before(async () => {
  demo = await startDemo('pages', port);
  ({ site, driver, signIns } = demo);
});

after(async () => {
  await demo?.stop();
});

async function visit(browser, path, pages) {
  await browser.get(`${site}${path}`);
  const title = await browser.title();
  pages.push(`${path} (${title})`);
  await checkAccessibility(browser, path);
  return title;
}

async function signInStaff(browser, who) {
  await signIn(browser, demo, who);
}

test('the public pages pass axe', async () => {
  const browser = await newBrowser(driver.base);
  const pages = [];
  try {
    for (const path of ['/', '/sign-in', '/sign-in/family', '/accessibility', '/cookies', '/no-such-page']) {
      await visit(browser, path, pages);
    }
    // The forums' published agendas, papers and minutes, open to anyone.
    await visit(browser, '/forums', pages);
    const meeting = (await browser.source()).match(/href="(\/forums\/meetings\/\d+)"/);
    assert.ok(meeting, 'the demo forum has a published meeting');
    await visit(browser, meeting[1], pages);
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
      if (who === 'Finance officer' || who === 'SEND manager') {
        await visit(browser, '/finance/backtest?fit_to=2021', pages);
        await visit(browser, '/finance/budget', pages);
        await visit(browser, '/finance/committed', pages);
        await visit(browser, '/finance/forecast', pages);
        await visit(browser, '/finance/dsg-plan', pages);
        await visit(browser, '/finance/scenarios', pages);
        if (who === 'Finance officer') await visit(browser, '/finance/sensitivity', pages);
      }
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
      }
      if (who === 'Forum clerk' || who === 'Forum member') {
        await visit(browser, '/governance', pages);
        const forum = (await browser.source()).match(/href="(\/governance\/forums\/\d+)"/);
        assert.ok(forum, 'the demo council has a Schools Forum');
        await visit(browser, forum[1], pages);
        const meetings = [...(await browser.source()).matchAll(/href="(\/governance\/meetings\/\d+)"/g)];
        assert.ok(meetings.length > 0, 'the forum has meetings');
        for (const [, path] of meetings.slice(0, 3)) {
          await visit(browser, path, pages);
        }
        await visit(browser, '/governance/actions', pages);
        if (who === 'Forum clerk') {
          // Minutes import (its confirmation page is checked in governance.test.mjs) and a seat.
          await visit(browser, `${forum[1]}/import`, pages);
          await visit(browser, forum[1], pages);
          const seat = (await browser.source()).match(/href="(\/governance\/seats\/\d+)"/);
          assert.ok(seat, 'the clerk can change a seat');
          await visit(browser, seat[1], pages);
        }
        await visit(browser, `${meetings[0][1]}/report-pack`, pages);
      }
      if (['Forum clerk', 'Forum member', 'SEND manager', 'Finance officer'].includes(who)) {
        // The action plans: the list, and the demo plan with its RAG summary, measures and
        // (for those who keep it) the forms.
        await visit(browser, '/governance/plans', pages);
        const plan = (await browser.source()).match(/href="(\/governance\/plans\/\d+)"/);
        assert.ok(plan, 'the demo council has an action plan');
        await visit(browser, plan[1], pages);
      }
      if (who === 'SENCO') {
        await visit(browser, '/school', pages);
        const pupil = (await browser.source()).match(/href="(\/school\/pupils\/\d+)"/);
        assert.ok(pupil, 'the demo SENCO has pupils with EHC cases');
        await visit(browser, pupil[1], pages);
        await visit(browser, '/school/request', pages);
      }
      if (who === 'Professional') {
        // (The demo asks this professional for nothing; portal.test.mjs checks a request's page.)
        await visit(browser, '/advice', pages);
      }
      // (A SENCO sees their own school's pupils: the access-matrix test covers them.)
      if (!['SEND caseworker', 'SEND manager', 'SENCO'].includes(who)) {
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
    const parent = demo.lines.find((l) => l.includes('Parent or carer'));
    const [, email, childId] = parent.match(/(\S+@\S+)\s+a code sent by email \(child (\d+)\)/);
    await visit(browser, '/sign-in/family', pages);
    await browser.type('#email', email);
    await browser.click('form[action="/sign-in/family"] button');
    await checkAccessibility(browser, 'check your email');
    let code;
    for (let i = 0; i < 50 && !code; i++) {
      code = demo.lines.map((l) => l.match(new RegExp(`^Email to ${email}: Your sign-in code: (\\d{6})`))).find(Boolean)?.[1];
      if (!code) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(code, 'the code was printed by the demo server');
    await browser.type('#code', code);
    await browser.click('form[action="/sign-in/family/code"] button');
    await landsOn(browser, /\/dashboard$/, 'the parent lands on their home page');
    await visit(browser, '/dashboard', pages);
    const own = await visit(browser, `/children/${childId}`, pages);
    assert.doesNotMatch(own, /Page not found/);
    // Every portal page the family has for their child.
    for (const page of ['progress', 'messages', 'views', 'draft-comments', 'advice', 'documents']) {
      const title = await visit(browser, `/children/${childId}/${page}`, pages);
      assert.doesNotMatch(title, /Page not found|Sorry/, page);
    }
    await visit(browser, '/notifications', pages);
    await visit(browser, '/request-an-assessment', pages);
    await visit(browser, '/request-an-assessment/form', pages);
    const other = await visit(browser, `/children/${Number(childId) === 1 ? 2 : 1}`, pages);
    assert.match(other, /Page not found/, 'another family\'s child is not found');
  } finally {
    await browser.quit();
  }
});
