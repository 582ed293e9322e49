// End to end in real Chromium: on the demo council (Bristol's needs and provision model in
// use), a SENCO applies for top-up for a pupil, choosing needs and provision and seeing the
// indicative amount; the SEND manager lists the application at the funding panel, which amends
// and approves it; the award shows on the pupil's application and in the school's payment
// schedule. axe-core checks every page on the way.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newBrowser } from './webdriver.mjs';
import { startDemo, checkAccessibility, landsOn, shows, fillDate, signInStaff } from './demo.mjs';

// Apart from the ports the other files use (18400-24899), as node runs the files side by side.
const port = 25400 + (process.pid % 500);

let demo;

before(async () => {
  demo = await startDemo('topup', port);
});

after(async () => {
  await demo?.stop();
});

/** Sets a <select> to its option at `index` (1: the first real choice). */
async function choose(browser, css, index) {
  await browser.script(
    `const s = document.querySelector(arguments[0]); s.selectedIndex = arguments[1];
     arguments[arguments.length - 1](s.value);`,
    [css, index],
  );
}

test('a SENCO applies, the panel amends and approves, and the award is paid to the school', async () => {
  const site = demo.site;
  const senco = await newBrowser(demo.driver.base);
  const manager = await newBrowser(demo.driver.base);
  try {
    await signInStaff(senco, demo, 'SENCO');
    await senco.get(`${site}/school/topup`);
    await checkAccessibility(senco, '/school/topup');
    const source = await senco.source();
    assert.match(source, /Approved with changes/, 'the demo school has applications in every state');

    // Start an application for a pupil who has none open (the council refuses a second one).
    let applicationPath;
    const options = [...source.matchAll(/<option value="(\d+)"/g)].map((m) => m[1]);
    for (const [i] of options.entries()) {
      await senco.get(`${site}/school/topup`);
      await choose(senco, '#child_id', i + 1);
      await senco.click('form[action="/school/topup"] button');
      await new Promise((r) => setTimeout(r, 300));
      const url = await senco.url();
      if (/\/school\/topup\/\d+$/.test(url) && (await senco.source()).includes('govuk-tag--grey">Draft')) {
        applicationPath = new URL(url).pathname;
        break;
      }
    }
    assert.ok(applicationPath, 'an application is started');
    await checkAccessibility(senco, 'the application');

    // Needs at Block B in expressive communication, then one provision offered there.
    await senco.get(`${site}${applicationPath}/needs/expressiveCommunication`);
    await checkAccessibility(senco, 'the needs page');
    await senco.click('input[value="A1SA1SC1SG1STB1"]');
    await senco.click('form[action$="/needs/expressiveCommunication"] button');
    await landsOn(senco, new RegExp(`${applicationPath}$`), 'saving the needs returns to the application');
    await senco.get(`${site}${applicationPath}/provision/expressiveCommunication`);
    await checkAccessibility(senco, 'the provision page');
    await choose(senco, 'select', 1);
    await senco.click('form[action$="/provision/expressiveCommunication"] button');
    await landsOn(senco, new RegExp(`${applicationPath}$`), 'saving the provision returns to the application');
    await shows(senco, /Indicative amount: <strong id="indicative">£[\d,]+\.\d\d a year/, 'the indicative amount shows');

    // Submitting too soon names what is missing; the error summary passes axe too.
    await senco.click(`form[action="${applicationPath}/submit"] button`);
    await shows(senco, /There is a problem/, 'the missing parts are named');
    await checkAccessibility(senco, 'the application with errors');
    await senco.clear('#summary');
    await senco.type('#summary', 'Daily one-to-one language sessions beyond what the school can fund.');
    await senco.click(`form[action="${applicationPath}/summary"] button`);
    await landsOn(senco, new RegExp(`${applicationPath}$`), 'the summary is saved');
    await senco.clear('#head_teacher');
    await senco.type('#head_teacher', 'Hilary Head');
    await senco.click('#agreed');
    await senco.click(`form[action="${applicationPath}/head-teacher"] button`);
    await landsOn(senco, new RegExp(`${applicationPath}$`), 'the agreement is saved');
    await senco.click(`form[action="${applicationPath}/submit"] button`);
    await shows(senco, /govuk-tag--blue">Submitted/, 'the application is submitted');
    await checkAccessibility(senco, 'the submitted application');
    const id = applicationPath.split('/').pop();

    // The SEND manager lists it at the coming funding panel and records the amended approval.
    await signInStaff(manager, demo, 'SEND manager');
    await manager.get(`${site}/topup`);
    await checkAccessibility(manager, '/topup');
    await manager.get(`${site}/topup/${id}`);
    await checkAccessibility(manager, `/topup/${id}`);
    await manager.click('input[name="meeting_id"]');
    await manager.click(`form[action="/topup/${id}/list"] button`);
    await shows(manager, /The panel’s decision|The panel's decision/, 'the decision form opens once listed');
    await checkAccessibility(manager, 'the decision form');
    await manager.click('input[value="amend"]');
    await manager.type('#annual', '4321');
    const year = new Date().getMonth() >= 8 ? new Date().getFullYear() : new Date().getFullYear() - 1;
    await fillDate(manager, 'starts_on', new Date(year, 8, 1));
    await fillDate(manager, 'ends_on', new Date(year + 1, 7, 31));
    await manager.type('#reasons', 'Approved at a lower amount to match the hours in the plan.');
    await manager.click(`form[action="/topup/${id}/decide"] button`);
    await shows(manager, /Approved with changes/, 'the decision is recorded');
    await checkAccessibility(manager, 'the decided application');

    // The school sees the award on the pupil's application and in its payment schedule.
    await senco.get(`${site}${applicationPath}`);
    await shows(senco, /£4,321\.00 a year from 1 September/, 'the award shows to the school');
    await checkAccessibility(senco, 'the approved application');
    await senco.get(`${site}/school/payments?year=${year}`);
    await checkAccessibility(senco, '/school/payments');
    await shows(senco, new RegExp(`TU-\\d+-${id}<`), 'the award is in the school’s payment schedule');
  } finally {
    await senco.quit();
    await manager.quit();
  }
});
