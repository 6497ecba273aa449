// The live pool view: one card per pool, redrawn from each pool.status server-sent event.
(() => {
  'use strict';
  const cards = new Map();

  function card(pool) {
    if (!cards.has(pool)) {
      const section = document.createElement('section');
      section.className = 'pool';
      section.dataset.pool = pool;
      document.getElementById('pools').appendChild(section);
      cards.set(pool, section);
    }
    return cards.get(pool);
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function draw(status) {
    const s = status.snapshot;
    const section = card(status.pool);
    section.replaceChildren();
    section.appendChild(el('h2', '', `pool ${status.pool}`));
    if (status.error) {
      const since = new Date(status.errorAt).toLocaleTimeString();
      section.appendChild(el('p', 'status bad pool-error', `Cannot start bots (${since}): ${status.error}`));
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
    section.appendChild(bots);
    const facts = el('dl', 'facts');
    const lat = status.assignLatency;
    [
      ['bots', `${s.total} of at most ${s.max}`],
      ['ready', s.ready], ['starting', s.starting], ['busy', s.busy + s.assigned],
      ['queue', s.queued],
      ['assignment latency', lat.count ? `p50 ${lat.p50Ms} ms, p99 ${lat.p99Ms} ms (last ${lat.count})` : 'none yet']
    ].forEach(([k, v]) => { facts.appendChild(el('dt', '', k)); facts.appendChild(el('dd', 'fact-' + k.split(' ')[0], String(v))); });
    section.appendChild(facts);
    document.getElementById('feed').textContent =
      `Live: last update ${new Date(status.emittedAt).toLocaleTimeString()}`;
  }

  const source = new EventSource('/api/pools/events');
  source.addEventListener('pool', (e) => draw(JSON.parse(e.data)));
  source.onerror = () => { document.getElementById('feed').textContent = 'Connection lost; reconnecting…'; };
})();
