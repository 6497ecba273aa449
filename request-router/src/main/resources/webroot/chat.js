// The chat page: one WebSocket to /chat, the protocol of DESIGN.md, and plain words for people.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const pool = params.get('pool') || 'default';
  const token = params.get('token');

  const END_WORDS = {
    client_end: 'You ended the conversation.',
    client_gone: 'The connection to you was lost, so the conversation ended.',
    bot_lost: 'The assistant stopped responding, so the conversation ended. Start a new chat to continue.',
    idle: 'The conversation ended after a long silence.',
    bot_shutdown: 'The assistant was shut down for maintenance. Start a new chat to continue.',
    bot_error: 'The assistant ran into a problem and ended the conversation.'
  };
  const REJECT_WORDS = {
    timeout: 'No assistant became free in time. Please try again in a moment.',
    pool_exhausted: 'All assistants are busy right now. Please try again in a moment.',
    unknown_pool: 'This chat service does not exist.',
    overloaded: 'The service is very busy right now. Please try again in a moment.',
    unauthorized: 'You are not signed in, or your access has expired.'
  };
  const CLOSE_WORDS = {
    1008: 'The connection was closed because the rules were not respected (for example too many messages).',
    1009: 'That message was too long, and the connection was closed.',
    1013: 'The service is busy. Please try again in a moment.'
  };

  let ws = null;
  let botBubble = null;
  let finished = false;

  function status(text, kind) {
    const el = $('status');
    el.textContent = text;
    el.className = 'status ' + (kind || '');
  }

  function bubble(who, text) {
    const li = document.createElement('li');
    li.className = 'msg ' + who;
    li.textContent = text;
    $('log').appendChild(li);
    li.scrollIntoView({ block: 'end' });
    return li;
  }

  function chatting(on) {
    $('text').disabled = !on;
    $('send').disabled = !on;
    $('end').disabled = !on;
    $('connect').disabled = on || (ws !== null && !finished);
    if (on) $('text').focus();
  }

  function connect() {
    finished = false;
    botBubble = null;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let url = `${scheme}//${location.host}/chat?pool=${encodeURIComponent(pool)}`;
    if (token) url += `&token=${encodeURIComponent(token)}`;
    status('Connecting…');
    ws = new WebSocket(url);
    chatting(false);
    ws.onmessage = (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      handle(frame);
    };
    ws.onclose = (event) => {
      chatting(false);
      $('connect').disabled = false;
      if (!finished) {
        status(CLOSE_WORDS[event.code] || 'The connection closed.', 'bad');
      }
      finished = true;
    };
    ws.onerror = () => { if (!finished) status('Could not reach the chat service.', 'bad'); };
  }

  function handle(frame) {
    switch (frame.type) {
      case 'queued':
        status('Waiting for a free assistant…', 'wait');
        break;
      case 'assigned':
        status(`Connected to assistant ${frame.botId} after ${frame.queuedMs} ms. Say hello!`, 'good');
        chatting(true);
        break;
      case 'token':
        if (!botBubble) botBubble = bubble('bot typing', '');
        botBubble.textContent += frame.text;
        break;
      case 'reply':
        if (!botBubble) botBubble = bubble('bot', '');
        botBubble.textContent = frame.text;
        botBubble.classList.remove('typing');
        botBubble = null;
        break;
      case 'error':
        bubble('notice', frame.code === 'rate_limited'
          ? 'You are sending messages too fast; please slow down.'
          : `That did not work: ${frame.message}`);
        break;
      case 'ended':
        finished = true;
        status(END_WORDS[frame.reason] || 'The conversation ended.', frame.reason === 'client_end' ? '' : 'bad');
        break;
      case 'rejected':
        finished = true;
        status(REJECT_WORDS[frame.reason] || 'The chat could not start.', 'bad');
        break;
    }
  }

  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (!text || !ws || ws.readyState !== WebSocket.OPEN) return;
    bubble('me', text);
    ws.send(JSON.stringify({ type: 'message', text }));
    $('text').value = '';
  });
  $('end').addEventListener('click', () => ws && ws.send(JSON.stringify({ type: 'end' })));
  $('connect').addEventListener('click', connect);
  connect();
})();
