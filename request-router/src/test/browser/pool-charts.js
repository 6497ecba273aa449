// Opens the router's /pools in Debian's headless Chromium and reads back the uPlot charts of pool 'default'.
// Usage: node pool-charts.js BASE_URL SCREENSHOT_DIR   (prints one JSON line with what it saw; exit 1 on failure)
'use strict';
const path = require('path');
const { withChromium, runPageTest } = require('./chromium');

const TIMEOUT = 30000;

runPageTest((baseUrl, shots) => withChromium({ width: 1000, height: 900 }, async (context) => {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('pageerror', (e) => failed.push('page error: ' + e.message));
  await page.goto(baseUrl + '/pools');
  await page.waitForFunction(() => typeof uPlot === 'function');
  await page.waitForSelector('section.pool[data-pool="default"] .chart[data-chart="warm"] canvas');
  await page.waitForFunction(() => {
    const d = window.warmpoolCharts().default;
    return d && d.sessions[2].some((v) => v > 0);
  });
  const charts = await page.$$eval('section.pool[data-pool="default"] .chart', (els) => Object.fromEntries(
    els.map((e) => [e.dataset.chart, { points: Number(e.dataset.points), title: e.querySelector('h3').textContent }])));
  const data = await page.evaluate(() => window.warmpoolCharts().default);
  const canvases = await page.$$eval('section.pool[data-pool="default"] .chart canvas',
    (els) => els.filter((c) => c.width > 0 && c.height > 0).length);
  await page.screenshot({ path: path.join(shots, 'pool-charts.png'), fullPage: true });
  const max = (xs) => Math.max(...xs.filter((v) => v !== null));
  if (failed.length) throw new Error('failed to load: ' + failed.join(', '));
  return { charts, canvases, assignedPerMinuteMax: max(data.sessions[2]), utilisationMax: max(data.utilisation[1]) };
}));
