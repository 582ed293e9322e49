// A small WebDriver client over fetch: enough to drive Debian's chromedriver from the tests,
// with no browser download and no client library.

import { spawn } from 'node:child_process';
import { once } from 'node:events';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecc';

export async function startDriver(port) {
  const driver = spawn('chromedriver', [`--port=${port}`], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${base}/status`);
      if (r.ok) return { base, stop: () => driver.kill() };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  driver.kill();
  throw new Error('chromedriver did not start');
}

async function call(base, method, path, body) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

export async function newBrowser(base) {
  const caps = {
    capabilities: {
      alwaysMatch: {
        browserName: 'chrome',
        // axe takes seconds on a long page, and the end-to-end files run side by side on a
        // small machine: WebDriver's default 30 s for a script is too tight there.
        timeouts: { script: 180000, pageLoad: 300000 },
        'goog:chromeOptions': {
          binary: '/usr/bin/chromium',
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--no-first-run', '--window-size=1280,1000'],
        },
      },
    },
  };
  const session = await call(base, 'POST', '/session', caps);
  const s = `/session/${session.sessionId}`;
  const browser = {
    get: (url) => call(base, 'POST', `${s}/url`, { url }),
    url: () => call(base, 'GET', `${s}/url`),
    title: () => call(base, 'GET', `${s}/title`),
    source: () => call(base, 'GET', `${s}/source`),
    find: async (css) => {
      const found = await call(base, 'POST', `${s}/element`, { using: 'css selector', value: css });
      return found[ELEMENT] ?? Object.values(found)[0];
    },
    type: async (css, text) => call(base, 'POST', `${s}/element/${await browser.find(css)}/value`, { text }),
    click: async (css) => call(base, 'POST', `${s}/element/${await browser.find(css)}/click`, {}),
    clear: async (css) => call(base, 'POST', `${s}/element/${await browser.find(css)}/clear`, {}),
    script: (script, args = []) => call(base, 'POST', `${s}/execute/async`, { script, args }),
    quit: () => call(base, 'DELETE', s),
  };
  return browser;
}

/** Starts a process and collects its output lines; resolves when a line matches `ready`. */
export async function startProcess(command, args, ready) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = [];
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk.toString();
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  });
  const started = Date.now();
  while (!lines.some((l) => ready.test(l))) {
    if (child.exitCode !== null) throw new Error(`${command} exited: ${lines.join('\n')}`);
    if (Date.now() - started > 120000) throw new Error(`${command} did not get ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { lines, stop: async () => { child.kill('SIGTERM'); await once(child, 'exit'); } };
}
