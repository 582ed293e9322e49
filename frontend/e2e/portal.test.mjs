// End to end in real Chromium, with a real SMTP server on 127.0.0.1: a parent with no account
// asks for an assessment; the caseworker decides to assess and asks a professional for advice;
// the professional sends it through their inbox; the caseworker shares it and issues the draft;
// the parent reads the advice and comments on the draft; the caseworker issues the final plan.
// At each step the right emails reach the right people and no one else, and none names the
// child. axe-core checks every page on the way.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newBrowser } from './webdriver.mjs';
import { startDemo, checkAccessibility, landsOn, shows, fillDate, signInStaff } from './demo.mjs';
import { startSmtp } from './smtp.mjs';

// Apart from the ports the other files use (18400-21899), as node runs the files side by side.
const port = 22400 + (process.pid % 500);
const parentEmail = 'nadia.e2e@example.org';

let demo;
let site;
let driver;
let signIns;
let smtp;

before(async () => {
  smtp = await startSmtp(port + 2000);
  demo = await startDemo('portal', port, ['--smtp', `127.0.0.1:${port + 2000}`, '--jobs-every', '1']);
  ({ site, driver, signIns } = demo);
});

after(async () => {
  await demo?.stop();
  await smtp?.stop();
});

test('a parent asks, a professional advises, the parent comments and the plan is issued, told by email at each step', async () => {
  const visited = [];
  const browsers = [];
  const open = async () => {
    const b = await newBrowser(driver.base);
    browsers.push(b);
    return b;
  };
  const check = async (browser, label) => {
    visited.push(label);
    await checkAccessibility(browser, label);
  };
  // Every email a person should get on this journey, by address, in order of the steps.
  const expected = new Map();
  const expect = async (to, subject) => {
    const message = await smtp.waitFor(to, subject);
    assert.ok(!message.body.includes('Zainab') && !message.subject.includes('Zainab'), `no email names the child: ${message.subject}`);
    expected.set(to, [...(expected.get(to) ?? []), subject]);
    return message;
  };
  try {
    // 1. The parent, with no account, asks.
    const parent = await open();
    await parent.get(`${site}/`);
    await parent.click('main a[href="/request-an-assessment"]');
    await landsOn(parent, /\/request-an-assessment$/, 'the start page opens');
    await check(parent, '/request-an-assessment');
    await parent.click('a.govuk-button--start');
    await landsOn(parent, /\/request-an-assessment\/email$/, 'the email page opens');
    await check(parent, '/request-an-assessment/email');
    await parent.type('#email', parentEmail);
    await parent.click('main form button');
    for (let i = 0; i < 50 && !(await parent.source()).includes('id="code"'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(await parent.title(), /^Check your email/);
    await check(parent, 'the code page');
    const codeEmail = await expect(parentEmail, /^Your sign-in code/);
    const code = codeEmail.body.match(/\b(\d{6})\b/)[1];
    await parent.type('#code', code);
    await parent.click('main form button');
    await landsOn(parent, /\/request-an-assessment\/form$/, 'the right code leads to the request');
    await check(parent, '/request-an-assessment/form');
    await parent.click('main form button');
    for (let i = 0; i < 50 && !/^Error: /.test(await parent.title()); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(await parent.source(), /<a href="#your_name">Enter your full name<\/a>/);
    await check(parent, '/request-an-assessment/form with errors');
    await parent.type('#your_name', 'Nadia Portaltest');
    await parent.click('input[name="relationship"][value="parent_carer"]');
    await parent.type('#forename', 'Zainab');
    await parent.type('#surname', 'Portaltest');
    await fillDate(parent, 'birth_date', new Date(2018, 4, 4));
    await parent.type('#setting_named', 'Sampleford Primary School');
    await parent.type('#reasons', 'She cannot take part in lessons without an adult beside her.');
    await parent.click('main form button');
    await landsOn(parent, /\/request-an-assessment\/sent\?child=\d+&request=\d+$/, 'the request is sent');
    await check(parent, '/request-an-assessment/sent');
    const child = (await parent.url()).match(/child=(\d+)/)[1];
    assert.match(await parent.source(), /Request sent/);
    await expect(parentEmail, /^We have your request for an EHC needs assessment$/);
    const manager = signIns['SEND manager'].email;
    await expect(manager, /^New request for an EHC needs assessment/);

    // 2. The caseworker decides to assess and asks the professional for advice.
    const caseworker = await open();
    const caseworkerEmail = await signInStaff(caseworker, demo, 'SEND caseworker');
    const casePage = `/children/${child}/case`;
    await caseworker.get(`${site}${casePage}`);
    await check(caseworker, casePage);
    assert.match(await caseworker.source(), /She cannot take part in lessons without an adult beside her\./);
    const record = async (slug, fill) => {
      await caseworker.get(`${site}${casePage}/${slug}`);
      await check(caseworker, `${casePage}/${slug}`);
      await fill();
      await caseworker.click('main form button');
      await landsOn(caseworker, new RegExp(`${casePage}\\?done=${slug}$`), `the ${slug} form is accepted`);
    };
    const today = new Date();
    await record('decision', async () => {
      await caseworker.click('input[name="outcome"][value="assess"]');
      await fillDate(caseworker, 'decided_on', today);
    });
    await expect(parentEmail, /^We will carry out an EHC needs assessment$/);
    const professional = signIns.Professional.email;
    await record('advice', async () => {
      await caseworker.click('input[name="service"][value="educational_psychology"]');
      const option = (await caseworker.source()).match(/<option value="(\d+)">Ellis Psychologist<\/option>/);
      assert.ok(option, 'the professional is offered by name');
      await caseworker.click(`#adviser_staff_id option[value="${option[1]}"]`);
      await fillDate(caseworker, 'requested_on', today);
    });
    const asked = await expect(professional, /^Advice requested: ADV-\d+-\d+/);
    const reference = asked.subject.match(/ADV-\d+-(\d+)/);

    // 3. The professional answers from their inbox.
    const adviser = await open();
    await signInStaff(adviser, demo, 'Professional');
    await adviser.get(`${site}/advice`);
    await check(adviser, '/advice');
    await adviser.click(`main a[href="/advice/${reference[1]}"]`);
    await landsOn(adviser, new RegExp(`/advice/${reference[1]}$`), 'the request opens');
    await check(adviser, '/advice/{id}');
    await adviser.type('#needs', 'Working memory well below her age; she loses the thread of spoken instructions.');
    await adviser.type('#provision', 'Instructions broken into steps, with visual prompts, every lesson.');
    await adviser.click('main form button');
    await shows(adviser, /You sent this advice on/, 'the advice is sent');
    await check(adviser, '/advice/{id} once sent');
    await expect(caseworkerEmail, new RegExp(`^Advice received: ${reference[0]}$`));

    // 4. The caseworker shares the advice and issues the draft.
    await caseworker.get(`${site}/advice/${reference[1]}`);
    await check(caseworker, '/advice/{id} for the caseworker');
    await caseworker.click('main form button');
    await shows(caseworker, /Shared with the family/, 'the advice is shared');
    await expect(parentEmail, /^You can now read the educational psychology advice$/);
    await record('draft-plan', async () => {
      await fillDate(caseworker, 'issued_on', today);
      await caseworker.type('#section_A', 'Zainab loves drawing and wants to be an artist.');
      await caseworker.type('#section_B', 'Difficulties with working memory and attention.');
      await caseworker.type('#section_F', 'Instructions broken into steps, with visual prompts.');
    });
    await expect(parentEmail, /^Draft EHC plan: comment by /);

    // 5. The parent reads the advice and comments on the draft.
    await parent.get(`${site}/children/${child}/progress`);
    await check(parent, '/children/{id}/progress');
    await parent.click(`main a[href="/children/${child}/advice"]`);
    await landsOn(parent, new RegExp(`/children/${child}/advice$`), 'the advice page opens');
    assert.match(await parent.source(), /Working memory well below her age/);
    await check(parent, '/children/{id}/advice');
    await parent.get(`${site}/children/${child}/draft-comments`);
    await check(parent, '/children/{id}/draft-comments');
    await parent.type('#comments', 'We agree with the draft; please add help at lunchtimes.');
    await parent.type('#setting_asked', 'Sampleford Primary School');
    await parent.click('main form button');
    await landsOn(parent, new RegExp(`/children/${child}/progress$`), 'the comments are sent');
    await check(parent, '/children/{id}/progress once the comments are sent');
    await expect(caseworkerEmail, /^The family has commented on the draft plan$/);

    // 6. The caseworker issues the final plan.
    await record('final-plan', async () => {
      await fillDate(caseworker, 'issued_on', today);
      await caseworker.click('#named_setting_id option:nth-child(2)');
    });
    await expect(parentEmail, /^The final EHC plan has been issued$/);
    await parent.get(`${site}/children/${child}/progress`);
    assert.match(await parent.source(), /The plan is in place/);
    await check(parent, '/children/{id}/progress with the plan in place');

    // No one else heard about this case: every email to the three people and the manager is
    // one expected above (the daily digest of the caseworker's own cases aside), and no one
    // else had any of these messages.
    await new Promise((r) => setTimeout(r, 1500));
    // (The demo's own cases send digests and advice reminders too; they are not this case's.)
    const people = [parentEmail, caseworkerEmail, professional, manager];
    const otherCases = (m) => /^Your cases on /.test(m.subject)
      || (/^(Reminder|Overdue): advice /.test(m.subject) && !m.subject.includes(reference[0]));
    for (const to of people) {
      const got = smtp.messages.filter((m) => m.to.includes(to) && !otherCases(m));
      const wanted = expected.get(to) ?? [];
      assert.equal(got.length, wanted.length, `${to} got ${JSON.stringify(got.map((m) => m.subject))}`);
    }
    const familySubjects = expected.get(parentEmail);
    for (const m of smtp.messages.filter((m) => !m.to.some((t) => people.includes(t)))) {
      assert.ok(!familySubjects.some((s) => s.test(m.subject)), `${m.to} should not get "${m.subject}"`);
      assert.ok(!m.subject.includes(reference[0]) && !m.body.includes(reference[0]),
        `${m.to} should not hear of ${reference[0]}`);
    }
    assert.ok(visited.length >= 20, `axe ran on ${visited.length} pages`);
  } finally {
    for (const b of browsers) await b.quit().catch(() => {});
  }
});
