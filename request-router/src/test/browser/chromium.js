// Debian's headless Chromium through playwright-core (no browser download), shared by the page tests.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

// Runs fn(context) in a fresh headless browser, then closes it and deletes its profile.
async function withChromium(viewport, fn) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warmpool-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    return await fn(context);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

// node SCRIPT BASE_URL SCREENSHOT_DIR: runs main(baseUrl, shots), prints its result as one JSON line, exit 1 on failure.
function runPageTest(main) {
  const [baseUrl, shots] = process.argv.slice(2);
  fs.mkdirSync(shots, { recursive: true });
  main(baseUrl, shots)
    .then((seen) => console.log(JSON.stringify(seen)))
    .catch((e) => { console.error(e); process.exit(1); });
}

module.exports = { withChromium, runPageTest };
