// End to end in real Chromium: on the demo council, a finance officer sets a budget line and
// reads its forecast outturn and variance; records the DSG balance brought forward through the
// funding blocks' form (refused first while it is not money); reads the deficit trajectory in
// the DSG management plan's chart and table; adds a mitigation (a cut in what a special school
// place costs from next September); and sees the trajectory with every mitigation fall below
// the unmitigated one, in the chart and the table alike. axe-core checks every page on the way.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newBrowser } from './webdriver.mjs';
import { startDemo, checkAccessibility, landsOn, shows, signInStaff } from './demo.mjs';

// Apart from the ports the other files use (18400-26899 and 29400-30899), as node runs the
// files side by side.
const port = 27400 + (process.pid % 500);

let demo;

before(async () => {
  demo = await startDemo('finance', port);
});

after(async () => {
  await demo?.stop();
});

/** Pence from money as the pages show it, "-£1,234.56". */
function pence(text) {
  const m = text.trim().match(/^(-?)£([\d,]+)\.(\d\d)$/);
  assert.ok(m, `"${text}" is an amount of money`);
  return (m[1] ? -1 : 1) * (Number(m[2].replaceAll(',', '')) * 100 + Number(m[3]));
}

/** The table captioned `caption` (its start) as { heads, rows } of cell text. */
async function readTable(browser, caption) {
  const found = await browser.script(
    `const done = arguments[arguments.length - 1];
     const table = [...document.querySelectorAll('table')]
       .find((t) => t.caption && t.caption.textContent.trim().startsWith(arguments[0]));
     if (!table) { done(null); return; }
     const text = (row) => [...row.cells].map((c) => c.textContent.trim());
     done({ heads: text(table.tHead.rows[0]), rows: [...table.tBodies[0].rows].map(text) });`,
    [caption],
  );
  assert.ok(found, `the page has the table "${caption}"`);
  return found;
}

/** The bars of the chart `id`: for each series, its value at each label. */
async function readBars(browser, id) {
  const bars = await browser.script(
    `const done = arguments[arguments.length - 1];
     done([...document.querySelectorAll('#' + arguments[0] + ' rect[data-series]')].map((r) =>
       ({ series: r.dataset.series, label: r.dataset.label, value: Number(r.dataset.value) })));`,
    [id],
  );
  const series = {};
  for (const b of bars) (series[b.series] ??= {})[b.label] = b.value;
  return series;
}

/** A column of a table by its heading, as pence for each row's first cell. */
function column(table, head) {
  const i = table.heads.indexOf(head);
  assert.ok(i >= 0, `the table has the column "${head}": ${JSON.stringify(table.heads)}`);
  return Object.fromEntries(table.rows.map((r) => [r[0], pence(r[i])]));
}

/** A deficit in pence drawn as the chart draws it: £ thousands, nothing for a surplus. */
function drawn(position) {
  return Math.max(-position, 0) / 100000;
}

/** Checks the chart's series against the table's cumulative positions, year by year. */
function agree(chart, series, positions, what) {
  assert.ok(chart[series], `the chart draws "${series}": ${JSON.stringify(Object.keys(chart))}`);
  for (const [year, position] of Object.entries(positions)) {
    const value = chart[series][year] ?? 0;
    assert.ok(Math.abs(value - drawn(position)) < 1e-6,
      `${what}: the chart's ${series} for ${year} (${value}) is the table's ${position / 100} pounds`);
  }
}

/** Sets the <select> `css` to the option whose value is `value`. */
async function choose(browser, css, value) {
  await browser.script(
    `const s = document.querySelector(arguments[0]); s.value = arguments[1];
     arguments[arguments.length - 1](s.value);`,
    [css, value],
  );
}

test('a finance officer sets the budget, reads the outturn and sees a mitigation bend the deficit', async () => {
  const site = demo.site;
  const officer = await newBrowser(demo.driver.base);
  try {
    await signInStaff(officer, demo, 'Finance officer');

    // The budget: set the first line through the form, as an officer would.
    await officer.get(`${site}/finance/budget`);
    await checkAccessibility(officer, '/finance/budget');
    const lineId = await officer.script(
      `arguments[arguments.length - 1](document.querySelector('form[action="/finance/budget/lines"] input[id^="line-"]').id);`,
    );
    const lineLabel = await officer.script(
      `arguments[arguments.length - 1](document.querySelector('label[for="' + arguments[0] + '"]').textContent.trim());`,
      [lineId],
    );
    const caption = 'Budget and forecast outturn by line';
    const row = (table) => table.rows.find((r) => r[0] === lineLabel);
    const before = await readTable(officer, caption);
    assert.ok(row(before), `the position has the line ${lineLabel}`);
    const outturnBefore = pence(row(before)[5]);
    await officer.clear(`#${lineId}`);
    await officer.type(`#${lineId}`, '1234567.89');
    await officer.click('form[action="/finance/budget/lines"] button');
    await landsOn(officer, /\/finance\/budget\?year=\d+&done=budget$/, 'saving the budget returns to the page');
    await shows(officer, /Budget saved/, 'the budget is saved');
    await checkAccessibility(officer, 'the saved budget');
    const after = await readTable(officer, caption);
    const [, budget, , , , outturn, variance] = row(after).map((c, i) => (i === 0 ? c : pence(c)));
    assert.equal(budget, 123456789, 'the line shows the budget typed');
    assert.equal(outturn, outturnBefore, 'the forecast outturn does not depend on the budget');
    assert.equal(variance, outturn - budget, 'the variance is the outturn less the new budget');

    // The forecast the plan grows from.
    await officer.get(`${site}/finance/forecast`);
    await checkAccessibility(officer, '/finance/forecast');
    await shows(officer, /Plans and their annual cost by January/, 'the forecast has its table');

    // The DSG balance brought forward, through the funding blocks' form: refused while it is
    // not money, then saved.
    await officer.get(`${site}/finance/dsg-blocks`);
    await checkAccessibility(officer, '/finance/dsg-blocks');
    const blocksForm = 'form[action="/finance/dsg-blocks"] button';
    await officer.clear('#brought_forward');
    await officer.type('#brought_forward', 'a lot');
    await officer.click(blocksForm);
    await shows(officer, /There is a problem/, 'a balance that is not money is refused');
    await checkAccessibility(officer, 'the funding blocks with a problem');
    await officer.clear('#brought_forward');
    await officer.type('#brought_forward', '-9876543.21');
    await officer.click(blocksForm);
    await landsOn(officer, /\/finance\/dsg-blocks\?year=\d+&done=saved$/, 'saving the blocks returns to the page');
    await shows(officer, /Funding blocks saved/, 'the blocks are saved');

    // The deficit trajectory: chart and table agree; no mitigations yet.
    await officer.get(`${site}/finance/dsg-plan`);
    await checkAccessibility(officer, '/finance/dsg-plan');
    const summary = 'Financial summary: DSG total';
    const plain = await readTable(officer, summary);
    assert.equal(Object.values(column(plain, 'Balance brought forward'))[0], -987654321,
      'the first year starts from the balance saved');
    assert.ok(plain.rows.length > 1, 'the plan runs over several years');
    assert.ok(!plain.heads.includes('Cumulative position with every mitigation'), 'the demo has no mitigations yet');
    const unmitigated = column(plain, 'Cumulative position');
    agree(await readBars(officer, 'dsg-deficit'), 'Cumulative deficit', unmitigated, 'before mitigating');
    const inYear = column(plain, 'In-year position');
    agree(await readBars(officer, 'dsg-deficit'), 'In-year deficit', inYear, 'before mitigating');
    assert.ok(Object.values(unmitigated).some((p) => p < 0), 'the demo council runs a deficit');

    // A mitigation through the form: special school places cost a fifth less from next September.
    await officer.get(`${site}/finance/scenarios`);
    await checkAccessibility(officer, '/finance/scenarios');
    await shows(officer, /No mitigations are recorded yet/, 'the list of mitigations is empty');
    const setting = await officer.script(
      `const options = [...document.querySelectorAll('#setting option')].filter((o) => o.value);
       const special = options.find((o) => /special/i.test(o.textContent) && !/independent|unit|resourced/i.test(o.textContent));
       arguments[arguments.length - 1]((special ?? options[0]).value);`,
    );
    await officer.type('#name', 'Special school place costs down a fifth');
    await officer.click('input[name="theme"][value="supply"]');
    await officer.type('#owner', 'Head of SEND commissioning');
    await officer.click('input[name="rag"][value="amber"]');
    await choose(officer, '#change', 'cost');
    await choose(officer, '#setting', setting);
    await officer.click('input[name="direction"][value="decrease"]');
    await officer.type('#percentage', '20');
    await officer.click('form[action="/finance/scenarios/mitigations"] button');
    await landsOn(officer, /\/finance\/scenarios\?done=added$/, 'the mitigation is added');
    await shows(officer, /Mitigation added/, 'the banner says so');
    await checkAccessibility(officer, 'the scenarios with a mitigation');
    const listed = await readTable(officer, 'Mitigations, each applied alone');
    const effect = listed.rows.find((r) => r[0] === 'Special school place costs down a fifth');
    assert.ok(effect, 'the mitigation is listed');
    assert.ok(pence(effect[5]) < 0, `cutting the cost lowers the annual cost: ${effect[5]}`);

    // The trajectory on the scenarios page: chart and table agree, with every mitigation lower.
    const trajectory = await readTable(officer, 'Cumulative position by scenario');
    const none = column(trajectory, 'No mitigations');
    const every = column(trajectory, 'Every mitigation');
    const scenarioBars = await readBars(officer, 'scenario-deficit');
    agree(scenarioBars, 'No mitigations', none, 'the scenarios chart, unmitigated');
    agree(scenarioBars, 'Every mitigation', every, 'the scenarios chart, mitigated');
    assert.deepEqual(none, unmitigated, 'the scenarios page starts from the plan’s trajectory');

    // Back to the plan: the mitigated trajectory sits beside the unmitigated one, never worse
    // and better by the last year, in the table and the chart alike.
    await officer.get(`${site}/finance/dsg-plan`);
    await checkAccessibility(officer, '/finance/dsg-plan with a mitigation');
    const both = await readTable(officer, summary);
    assert.deepEqual(column(both, 'Cumulative position'), unmitigated, 'the unmitigated trajectory is unchanged');
    const mitigated = column(both, 'Cumulative position with every mitigation');
    assert.deepEqual(mitigated, every, 'the plan and the scenarios page agree');
    const years = Object.keys(unmitigated);
    for (const year of years) {
      assert.ok(mitigated[year] >= unmitigated[year], `${year}: a cheaper place never deepens the deficit`);
    }
    const last = years[years.length - 1];
    assert.ok(mitigated[last] > unmitigated[last],
      `by ${last} the mitigated position (${mitigated[last]}) is above the unmitigated (${unmitigated[last]})`);
    const bars = await readBars(officer, 'dsg-deficit');
    agree(bars, 'Cumulative deficit', unmitigated, 'after mitigating, unmitigated');
    agree(bars, 'Cumulative deficit with every mitigation', mitigated, 'after mitigating, mitigated');
    assert.ok(bars['Cumulative deficit with every mitigation'][last] < bars['Cumulative deficit'][last],
      'the chart draws the mitigated deficit shorter in the last year');
  } finally {
    await officer.quit();
  }
});
