// End to end in real Chromium: on the demo council's Schools Forum, the clerk builds a meeting
// (a schools funding formula item with a paper), records attendance and sees the quorum,
// records the vote with the formula's eligibility applied (a non-schools member's vote is
// refused), raises an action, and writes the minutes; at the next meeting the action is under
// matters arising and the minutes are approved; the public page, without signing in, shows the
// published paper and the approved minutes. The clerk then imports a meeting from pasted
// minutes. axe-core checks every page on the way.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newBrowser } from './webdriver.mjs';
import { startDemo, checkAccessibility, landsOn, shows, fillDate, signInStaff } from './demo.mjs';

// Apart from the ports the other files use, as node runs the files side by side.
const port = 29400 + (process.pid % 500);

let demo;
let folder;

before(async () => {
  demo = await startDemo('governance', port);
  folder = mkdtempSync(join(tmpdir(), 'highneeds-e2e-papers-'));
});

after(async () => {
  await demo?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Sets every <select> matching `css` to `value`. */
async function setAll(browser, css, value) {
  await browser.script(
    `document.querySelectorAll(arguments[0]).forEach((s) => { s.value = arguments[1]; });
     arguments[arguments.length - 1]();`,
    [css, value],
  );
}

/** Sets one <select> to `value`. */
async function set(browser, css, value) {
  await setAll(browser, css, value);
}

/** Opens the "Record for this item" details of every item, so their forms can be used. */
async function openDetails(browser) {
  await browser.script(
    `document.querySelectorAll('details').forEach((d) => { d.open = true; });
     arguments[arguments.length - 1]();`,
  );
}

/** Sets up a meeting of the forum on `date`; its path. */
async function setUpMeeting(browser, site, forumPath, date) {
  await browser.get(`${site}${forumPath}`);
  await fillDate(browser, 'held_on', date);
  await browser.type('#venue', 'Council House');
  await browser.click(`form[action="${forumPath}/meetings"] button`);
  await landsOn(browser, /\/governance\/meetings\/\d+$/, 'setting up a meeting opens it');
  return new URL(await browser.url()).pathname;
}

test('a clerk runs a meeting, the next meeting takes up its actions, and the public sees it', async () => {
  const site = demo.site;
  const clerk = await newBrowser(demo.driver.base);
  const visitor = await newBrowser(demo.driver.base);
  try {
    await signInStaff(clerk, demo, 'Forum clerk');
    await clerk.get(`${site}/governance`);
    await checkAccessibility(clerk, '/governance');
    const forumPath = (await clerk.source()).match(/href="(\/governance\/forums\/\d+)"/)[1];
    await clerk.get(`${site}${forumPath}`);
    await checkAccessibility(clerk, 'the forum');

    const year = new Date().getFullYear() + 3;
    const first = await setUpMeeting(clerk, site, forumPath, new Date(year, 0, 20));
    const second = await setUpMeeting(clerk, site, forumPath, new Date(year, 2, 17));
    await clerk.get(`${site}${first}`);
    await checkAccessibility(clerk, 'a new meeting');

    // The agenda: the schools funding formula, for decision.
    await clerk.type('#title', 'Schools funding formula');
    await clerk.click('input[name="kind"][value="decision"]');
    await clerk.click('input[name="decision_kind"][value="schools_funding_formula"]');
    await clerk.type('#motion', 'That the forum agrees the local formula factors for next year.');
    await clerk.click(`form[action="${first}/items"] button`);
    await shows(clerk, /Schools funding formula/, 'the item is on the agenda');
    const item = (await clerk.source()).match(new RegExp(`action="(${first}/items/\\d+)/votes"`))[1];

    // A paper for the item, then the agenda published.
    const paper = join(folder, 'formula.pdf');
    writeFileSync(paper, '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    await openDetails(clerk);
    await clerk.type(`form[action="${item}/papers"] input[name="title"]`, 'Formula options paper');
    await clerk.type(`form[action="${item}/papers"] input[type="file"]`, paper);
    await clerk.click(`form[action="${item}/papers"] button`);
    await shows(clerk, /Formula options paper/, 'the paper is listed');
    await clerk.click(`form[action="${first}/publish"] button`);
    await shows(clerk, /Published \d/, 'the agenda is published');

    // Attendance: everyone present; the quorum is shown.
    await setAll(clerk, 'select[name^="attendance-"]', 'present');
    await clerk.click(`form[action="${first}/attendance"] button`);
    await shows(clerk, /Quorum <strong[^>]*>Quorate/, 'the meeting is quorate');
    await checkAccessibility(clerk, 'the meeting with attendance');

    // The vote: a member the formula's rule leaves out is offered no vote, and one sent
    // anyway is refused, naming them.
    let source = await clerk.source();
    const seats = [...source.matchAll(/name="attendance-(\d+)"/g)].map((m) => m[1]);
    const voters = [...source.matchAll(/name="vote-(\d+)"/g)].map((m) => m[1]);
    const ineligible = seats.find((s) => !voters.includes(s));
    assert.ok(ineligible, 'someone present may not vote on the formula');
    assert.match(source, /Only schools members, academies members and the early years PVI representative/);
    await setAll(clerk, 'select[name^="vote-"]', 'for');
    await clerk.script(
      `const form = document.querySelector('form[action="' + arguments[0] + '/votes"]');
       const extra = document.createElement('input');
       extra.type = 'hidden'; extra.name = 'vote-' + arguments[1]; extra.value = 'for';
       form.appendChild(extra); arguments[arguments.length - 1]();`,
      [item, ineligible],
    );
    await clerk.click(`form[action="${item}/votes"] button`);
    await shows(clerk, /may not vote on this item/, 'the ineligible vote is refused');
    await checkAccessibility(clerk, 'the refused vote');
    await clerk.get(`${site}${first}`);
    await setAll(clerk, 'select[name^="vote-"]', 'for');
    await clerk.click(`form[action="${item}/votes"] button`);
    await shows(clerk, new RegExp(`<strong>Carried</strong>: ${voters.length} for, 0 against`), 'the vote counts only those who may vote');

    // An action on the item, reporting to the next meeting; then the draft minutes.
    await openDetails(clerk);
    const id = item.split('/').pop();
    await clerk.type(`#description-${id}`, 'Model the formula options for primary schools');
    await set(clerk, `#owner-${id}`, (await clerk.source()).match(/<option value="(officer-\d+)"/)[1]);
    await set(clerk, `#due_meeting-${id}`, second.split('/').pop());
    await clerk.click(`form[action="${item}/actions"] button`);
    await shows(clerk, /Model the formula options for primary schools<\/a>/, 'the action is listed');
    await clerk.clear('#minutes');
    await clerk.type('#minutes', 'The forum agreed the local formula factors. Officers to model the options.');
    await clerk.click(`form[action="${first}/minutes"] button`);
    await shows(clerk, /Officers to model the options/, 'the draft minutes are saved');

    // The next meeting: the action under matters arising; attendance, then the minutes approved.
    await clerk.get(`${site}${second}`);
    source = await clerk.source();
    const arising = source.slice(source.indexOf('Matters arising'), source.indexOf('>Attendance<'));
    assert.match(arising, /Model the formula options for primary schools/, 'the action comes back');
    await setAll(clerk, 'select[name^="attendance-"]', 'present');
    await clerk.click(`form[action="${second}/attendance"] button`);
    await shows(clerk, /Quorum <strong[^>]*>Quorate/, 'the next meeting is quorate');
    await clerk.click(`form[action="${second}/approve-minutes"] button`);
    await landsOn(clerk, new RegExp(`${second}(#[a-z-]+)?$`), 'approving returns to the meeting');
    await checkAccessibility(clerk, 'the next meeting');
    await clerk.get(`${site}${first}`);
    await shows(clerk, /Approved at the meeting of/, 'the minutes are approved');

    // The public page, without signing in: the paper and the approved minutes.
    await visitor.get(`${site}/forums`);
    await checkAccessibility(visitor, '/forums');
    await visitor.get(`${site}/forums/meetings/${first.split('/').pop()}`);
    await checkAccessibility(visitor, 'the published meeting');
    source = await visitor.source();
    assert.match(source, /Formula options paper/, 'the paper is published');
    assert.match(source, /The forum agreed the local formula factors/, 'the approved minutes are published');
    assert.match(source, /<strong>Carried<\/strong>/, 'with the decision');
  } finally {
    await clerk.quit();
    await visitor.quit();
  }
});

test('a clerk imports a meeting from pasted minutes and confirms it', async () => {
  const site = demo.site;
  const clerk = await newBrowser(demo.driver.base);
  try {
    await signInStaff(clerk, demo, 'Forum clerk');
    await clerk.get(`${site}/governance`);
    const forumPath = (await clerk.source()).match(/href="(\/governance\/forums\/\d+)"/)[1];
    await clerk.get(`${site}${forumPath}`);
    const source = await clerk.source();
    const members = [...source.matchAll(/<td class="govuk-table__cell">([A-Z][a-z]+ [A-Z][a-z'-]+)<\/td>/g)].map((m) => m[1]);
    assert.ok(members.length >= 3, `the forum page lists its members: ${members}`);
    const [a, b, c] = members;
    const initials = (name) => name.split(' ').map((w) => w[0]).join('');
    const year = new Date().getFullYear() + 4;
    const minutes = [
      'Schools Forum',
      `Date: 12 May ${year}`,
      `Present: ${a} (Chair), ${b}`,
      `Apologies: ${c}`,
      '',
      '1. Welcome',
      'The Chair welcomed members.',
      '2. Growth fund',
      `${initials(b)} to circulate the growth fund criteria.`,
      `${a} agreed to write to the trusts.`,
      'The options will be shared with heads.',
      `Action: ${b}`,
    ].join('\n');

    await clerk.get(`${site}${forumPath}/import`);
    await checkAccessibility(clerk, 'the import page');
    await clerk.click(`form[action="${forumPath}/import"] button`);
    await shows(clerk, /There is a problem/, 'nothing pasted is refused');
    await checkAccessibility(clerk, 'the import page with its error');
    await clerk.type('#minutes', minutes);
    await clerk.click(`form[action="${forumPath}/import"] button`);
    await shows(clerk, /Check the minutes/, 'the draft meeting is shown');
    await checkAccessibility(clerk, 'the draft meeting to confirm');
    const draft = await clerk.source();
    assert.match(draft, /circulate the growth fund criteria/);
    assert.match(draft, /Growth fund/);
    await clerk.click(`form[action="${forumPath}/import/confirm"] button`);
    await landsOn(clerk, /\/governance\/meetings\/\d+$/, 'confirming creates the meeting');
    await checkAccessibility(clerk, 'the imported meeting');
    const meeting = await clerk.source();
    for (const action of ['circulate the growth fund criteria', 'write to the trusts', 'The options will be shared with heads']) {
      assert.match(meeting, new RegExp(action), action);
    }
    assert.match(meeting, new RegExp(`${b}`), 'the owner is the member');
  } finally {
    await clerk.quit();
  }
});
