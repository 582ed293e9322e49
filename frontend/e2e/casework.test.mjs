// End to end in real Chromium: on the demo council, a caseworker takes a new request through
// the decision, advice, the draft plan and comments to a final plan, then records its annual
// review, using the forms as a person would. axe-core checks every page on the way, the error
// summary included, and the test fails on any violation.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newBrowser } from './webdriver.mjs';
import { startDemo, checkAccessibility, landsOn, fillDate } from './demo.mjs';

// Apart from the ports pages.test.mjs uses (18400-19899), as node runs the files side by side.
const port = 20400 + (process.pid % 500);

let demo;
let site;
let driver;
let signIns;

before(async () => {
  demo = await startDemo('casework', port);
  ({ site, driver, signIns } = demo);
});

after(async () => {
  await demo?.stop();
});

/** A day `n` days before today, as the server counts days (the machine's local calendar). */
function daysAgo(n) {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() - n);
  return d;
}

/** The days a case's timeline lists (rows with a full date). */
function timelineDays(source) {
  const table = source.split('>Timeline</caption>')[1]?.split('</table>')[0] ?? '';
  return [...table.matchAll(/<tr class="govuk-table__row"><td class="govuk-table__cell">(\d{1,2} \w+ \d{4})<\/td>/g)]
    .map((m) => new Date(`${m[1]} 12:00`));
}

test('a caseworker takes a request to a final plan and its annual review, and every page passes axe', async () => {
  const browser = await newBrowser(driver.base);
  const visited = [];
  const check = async (label) => {
    visited.push(label);
    await checkAccessibility(browser, label);
  };
  try {
    const account = signIns['SEND caseworker'];
    assert.ok(account, `the demo printed a caseworker's sign-in: ${JSON.stringify(Object.keys(signIns))}`);
    await browser.get(`${site}/sign-in`);
    await check('/sign-in');
    await browser.type('#email', account.email);
    await browser.type('#password', account.password);
    await browser.click('form[action="/sign-in"] button');
    await landsOn(browser, /\/dashboard$/, 'the caseworker lands on their home page');

    // The request is 100 days old: every later step falls on a day in the past, in order.
    const received = daysAgo(100);
    const on = (days) => daysAgo(100 - days);

    // A child whose earlier case has closed, with nothing recorded since the new request's day:
    // their case page offers to record a request.
    await browser.get(`${site}/children?q=S`);
    await check('/children?q=S');
    const children = [...(await browser.source()).matchAll(/href="\/children\/(\d+)"/g)].map((m) => m[1]);
    assert.ok(children.length > 0, 'the search finds children');
    let child;
    for (const id of children.slice(0, 25)) {
      await browser.get(`${site}/children/${id}/case`);
      await check(`/children/${id}/case`);
      const source = await browser.source();
      if (source.includes(`href="/children/${id}/case/request"`) && timelineDays(source).every((d) => d < received)) {
        child = id;
        break;
      }
    }
    assert.ok(child, 'a child with a closed case is found');
    const casePage = `/children/${child}/case`;

    // Opens a form from the case page's list of next steps, fills it in, and submits it.
    const record = async (slug, fill, banner) => {
      await browser.get(`${site}${casePage}`);
      await browser.click(`main a[href="${casePage}/${slug}"]`);
      await landsOn(browser, new RegExp(`${casePage}/${slug}$`), `the ${slug} form opens`);
      await check(`${casePage}/${slug}`);
      await fill();
      await browser.click('main form button');
      await landsOn(browser, new RegExp(`${casePage}\\?done=${slug}$`), `the ${slug} form is accepted`);
      const source = await browser.source();
      assert.match(source, new RegExp(`govuk-notification-banner__heading">${banner}<`), `${slug}: the success banner`);
      await check(`${casePage}?done=${slug}`);
      return source;
    };

    await record('request', async () => {
      await fillDate(browser, 'received_on', received);
      await browser.click('input[name="source"][value="parent"]');
    }, 'Request recorded');

    // A date that does not exist is reported against the field, and the summary passes axe.
    await browser.get(`${site}${casePage}/decision`);
    await browser.click('input[name="outcome"][value="assess"]');
    await fillDate(browser, 'decided_on', on(20));
    await browser.clear('#decided_on-day');
    await browser.type('#decided_on-day', '32');
    await browser.click('main form button');
    let title = '';
    for (let i = 0; i < 50 && !/^Error: /.test(title); i++) {
      title = await browser.title();
      if (!/^Error: /.test(title)) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(title, /^Error: Record the decision whether to assess/);
    assert.match(await browser.source(), /<a href="#decided_on-day">Date the decision was notified must be a real date<\/a>/);
    await check(`${casePage}/decision with an error`);
    await fillDate(browser, 'decided_on', on(20));
    await browser.click('main form button');
    await landsOn(browser, new RegExp(`${casePage}\\?done=decision$`), 'the corrected decision is accepted');
    await check(`${casePage}?done=decision`);

    await record('advice', async () => {
      await browser.click('input[name="service"][value="educational_psychology"]');
      await browser.type('#adviser', 'Educational psychology service');
      await fillDate(browser, 'requested_on', on(25));
    }, 'Request for advice recorded');
    await record('advice-received', async () => {
      await browser.click('input[name="advice_id"]');
      await fillDate(browser, 'received_on', on(50));
    }, 'Advice recorded as received');
    await record('draft-plan', async () => {
      await fillDate(browser, 'issued_on', on(60));
      await browser.type('#section_A', 'Enjoys music and wants to work with animals.');
      await browser.type('#section_B', 'Speech, language and communication needs.');
      await browser.type('#section_F', 'Speech and language therapy each week.');
    }, 'Draft plan issued');
    await record('comments', async () => {
      await fillDate(browser, 'received_on', on(70));
    }, 'Comments on the draft plan recorded');
    let source = await record('final-plan', async () => {
      await fillDate(browser, 'issued_on', on(80));
      await browser.click('#named_setting_id option:nth-child(2)');
      await browser.clear('#section_F');
      await browser.type('#section_F', 'Speech and language therapy twice a week.');
    }, 'Final plan issued');
    // (Versions number on from any plan the child had before.)
    assert.match(source, /Final plan \(version \d+\)/);
    assert.match(source, /Speech and language therapy twice a week\./);

    await record('review-meeting', async () => {
      await fillDate(browser, 'meeting_on', on(90));
    }, 'Review meeting recorded');
    source = await record('review-decision', async () => {
      await browser.click('input[name="decision"][value="maintain"]');
      await fillDate(browser, 'decided_on', on(95));
    }, 'Decision after the review recorded');

    // The case shows each step, and the clock shows each deadline met on time.
    for (const step of ['Request for an EHC needs assessment received', 'Decided to assess',
      'Advice requested: Educational psychology', 'Draft plan (version', 'Comments on the draft plan received',
      'Final plan (version', 'Annual review meeting', 'Decision after review: Maintain the plan']) {
      assert.ok(source.includes(step), `the timeline shows: ${step}`);
    }
    const clock = source.split('>Statutory clock</caption>')[1].split('</table>')[0];
    for (const what of ['Decide whether to assess', 'Educational psychology advice', 'Issue the final plan',
      'Decision after review 1']) {
      const row = clock.split('<tr').find((r) => r.includes(`>${what}<`));
      assert.ok(row?.includes('Met on time'), `${what} was met on time`);
    }
    assert.match(source, /govuk-tag[^"]*">Plan in force</);

    // Each version of the plan opens on its own page: the draft, here.
    const draft = source.match(/Draft plan \(version (\d+)\)/)[1];
    const draftId = source.match(new RegExp(`case/versions/(\\d+)">Version ${draft}<`))[1];
    await browser.click(`main a[href="${casePage}/versions/${draftId}"]`);
    await landsOn(browser, /\/case\/versions\/\d+$/, 'the draft version opens');
    assert.match(await browser.title(), new RegExp(`^Version ${draft}: Draft plan`));
    assert.match(await browser.source(), /Speech and language therapy each week\./);
    await check('the draft plan version');
    assert.ok(visited.length >= 20, `pages checked: ${visited.join(', ')}`);
  } finally {
    await browser.quit();
  }
});
