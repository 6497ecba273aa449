// Drives the router's pages in Debian's headless Chromium: chat with a bot on '/', then see the bots on '/pools'.
// Usage: node chat-page.js BASE_URL SCREENSHOT_DIR   (prints one JSON line with what it saw; exit 1 on failure)
'use strict';
const path = require('path');
const { withChromium, runPageTest } = require('./chromium');

const TIMEOUT = 30000;

runPageTest((baseUrl, shots) => withChromium({ width: 1000, height: 720 }, async (context) => {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(baseUrl + '/');
  await page.waitForSelector('#text:not([disabled])').catch(async (e) => {
    throw new Error(`no bot: the page says '${await page.textContent('#status')}' (${e.message})`);
  });
  const status = await page.textContent('#status');
  await page.fill('#text', 'Hello!');
  await page.click('#send');
  await page.waitForSelector('li.msg.bot:not(.typing)');
  const reply = await page.textContent('li.msg.bot');
  await page.fill('#text', 'I feel tired of my job.');
  await page.click('#send');
  await page.waitForFunction(() => document.querySelectorAll('li.msg.bot:not(.typing)').length === 2);
  const second = (await page.$$eval('li.msg.bot', (els) => els.map((e) => e.textContent)))[1];
  await page.screenshot({ path: path.join(shots, 'chat.png'), fullPage: true });

  const pools = await context.newPage();
  pools.setDefaultTimeout(TIMEOUT);
  await pools.goto(baseUrl + '/pools');
  // The view is live: wait for a status that shows every bot and the one serving this chat.
  await pools.waitForFunction(() => document.querySelectorAll('section.pool .dot.BUSY').length > 0);
  const bots = await pools.$$eval('section.pool .dot', (els) => els.map((e) => e.className.replace('dot ', '')));
  const heading = await pools.textContent('section.pool h2');
  await pools.screenshot({ path: path.join(shots, 'pools.png'), fullPage: true });

  await page.click('#end');
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('You ended'));
  const api = await (await fetch(baseUrl + '/api/pools')).json();
  return { status, reply, second, heading, bots, api, ended: await page.textContent('#status') };
}));
