// The live pool view: one card per pool, redrawn from each pool.status server-sent event, with
// charts of the last hour of pool.stats (one point per window) drawn by uPlot.
(() => {
  'use strict';
  const HOUR_MS = 3600000;
  const cards = new Map();

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function card(pool) {
    if (!cards.has(pool)) {
      const section = el('section', 'pool');
      section.dataset.pool = pool;
      const now = el('div', 'now');
      now.appendChild(el('h2', '', `pool ${pool}`));
      const charts = el('div', 'charts');
      section.append(now, charts);
      document.getElementById('pools').appendChild(section);
      cards.set(pool, { section, now, charts, windows: new Map(), plots: new Map(), redraw: false });
    }
    return cards.get(pool);
  }

  function draw(status) {
    const s = status.snapshot;
    const now = card(status.pool).now;
    now.replaceChildren();
    now.appendChild(el('h2', '', `pool ${status.pool}`));
    if (status.error) {
      const since = new Date(status.errorAt).toLocaleTimeString();
      now.appendChild(el('p', 'status bad pool-error', `Cannot start bots (${since}): ${status.error}`));
    }
    const bots = el('div', 'dots');
    status.bots
      .slice()
      .sort((a, b) => a.state.localeCompare(b.state) || a.botId.localeCompare(b.botId))
      .forEach((b) => {
        const dot = el('span', 'dot ' + b.state);
        dot.title = `${b.botId}: ${b.state.toLowerCase()}${b.sessionId ? ' (session ' + b.sessionId + ')' : ''}`;
        dot.dataset.botId = b.botId;
        bots.appendChild(dot);
      });
    now.appendChild(bots);
    const facts = el('dl', 'facts');
    const lat = status.assignLatency;
    [
      ['bots', `${s.total} of at most ${s.max}`],
      ['ready', s.ready], ['starting', s.starting], ['busy', s.busy + s.assigned],
      ['queue', s.queued],
      ['assignment latency', lat.count ? `p50 ${lat.p50Ms} ms, p99 ${lat.p99Ms} ms (last ${lat.count})` : 'none yet']
    ].forEach(([k, v]) => { facts.appendChild(el('dt', '', k)); facts.appendChild(el('dd', 'fact-' + k.split(' ')[0], String(v))); });
    now.appendChild(facts);
    document.getElementById('feed').textContent =
      `Live: last update ${new Date(status.emittedAt).toLocaleTimeString()}`;
  }

  // Each chart: a title and its series, each a label, a colour and a figure of one window (null: none).
  const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
  const perMinute = (w, n) => n * 60000 / (w.windowEnd - w.windowStart);
  const CHARTS = [
    { id: 'sessions', title: 'Sessions per minute, by outcome', series: [
      ['requested', '#6b7280', (w) => perMinute(w, w.sessions.requested)],
      ['assigned', '#16a34a', (w) => perMinute(w, w.sessions.assigned)],
      ['rejected', '#dc2626', (w) => perMinute(w, sum(w.sessions.rejected))],
      ['ended', '#2563eb', (w) => perMinute(w, sum(w.sessions.ended))]] },
    { id: 'assign', title: 'Time to assigned (ms)', series: [
      ['p50', '#16a34a', (w) => (w.timeToAssignedMs.count ? w.timeToAssignedMs.p50 : null)],
      ['p99', '#d97706', (w) => (w.timeToAssignedMs.count ? w.timeToAssignedMs.p99 : null)]] },
    { id: 'utilisation', title: 'Bot utilisation (% of live bot time busy)', series: [
      ['utilisation', '#7c3aed', (w) => (w.bots.liveMs ? 100 * w.bots.utilisation : null)]] },
    { id: 'warm', title: 'Warm cost (idle READY bot-seconds per minute)', series: [
      ['ready idle', '#0891b2', (w) => perMinute(w, w.bots.readyMs / 1000)]] },
  ];

  function addStats(stats) {
    const c = card(stats.pool);
    c.windows.set(stats.windowStart, stats);
    const newest = Math.max(...[...c.windows.values()].map((w) => w.windowEnd));
    for (const [start, w] of c.windows) {
      if (w.windowEnd <= newest - HOUR_MS) c.windows.delete(start);
    }
    if (!c.redraw) {
      c.redraw = true;
      requestAnimationFrame(() => { c.redraw = false; plot(c); });
    }
  }

  function plot(c) {
    const windows = [...c.windows.values()].sort((a, b) => a.windowEnd - b.windowEnd);
    const xs = windows.map((w) => w.windowEnd / 1000);
    CHARTS.forEach((chart) => {
      const data = [xs, ...chart.series.map(([, , figure]) => windows.map(figure))];
      let p = c.plots.get(chart.id);
      if (!p) {
        const box = el('div', 'chart');
        box.dataset.chart = chart.id;
        box.appendChild(el('h3', '', chart.title));
        c.charts.appendChild(box);
        const uplot = new uPlot({
          width: 420, height: 160, legend: { show: true },
          scales: { x: { time: true } },
          series: [{}, ...chart.series.map(([label, stroke]) => ({ label, stroke, width: 2, spanGaps: true }))],
        }, data, box);
        p = { box, uplot };
        c.plots.set(chart.id, p);
      } else {
        p.uplot.setData(data);
      }
      p.box.dataset.points = String(xs.length);
    });
  }

  // For tests and the curious: the plots, by pool and chart.
  window.warmpoolCharts = () => Object.fromEntries([...cards].map(([pool, c]) =>
    [pool, Object.fromEntries([...c.plots].map(([id, p]) => [id, p.uplot.data]))]));

  const source = new EventSource('/api/pools/events');
  source.addEventListener('pool', (e) => draw(JSON.parse(e.data)));
  source.addEventListener('stats', (e) => addStats(JSON.parse(e.data)));
  source.onerror = () => { document.getElementById('feed').textContent = 'Connection lost; reconnecting…'; };
})();
