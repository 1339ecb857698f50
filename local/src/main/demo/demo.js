// The demo page: one HeraldClient over every edge of the local stack, starting with the edge that
// served this page. Shows messages with their positions, the edge in use and the recovery status.
import { HeraldClient } from './herald-client/herald.js';

const $ = (id) => document.getElementById(id);
const MAX_ROWS = 500;

const config = await loadConfig();
// startIndex 0: this page's own edge first, the others when it goes away.
const client = new HeraldClient({ urls: config.edges, startIndex: 0, backoff: { initialMs: 200, maxMs: 5000 } });
let subscription = null;
let count = 0;

client.on('state', (s) => {
  $('state').textContent = s.state;
  $('state').dataset.state = s.state;
  $('edge').textContent = s.url;
  if (s.state === 'reconnecting') {
    notice(`connection lost (${s.code}), reconnecting to ${s.url} in ${s.delayMs} ms`);
  }
});
client.on('recovery', (r) => {
  if (subscription === null || r.subject !== subscription.subject) return;
  $('recovery').textContent = r.recovery;
  $('recovery').dataset.recovery = r.recovery;
  const from = r.from ? ` after ${pos(r.from)}` : '';
  $('recovery-detail').textContent = `${from} on ${r.url}`;
  if (r.recovery === 'complete') notice(null);
  if (r.recovery === 'partial') notice('this edge cannot prove it has every missed message: the list may have a gap');
});
client.on('gap', (g) => notice(`gap on ${g.subject} between ${pos(g.after)} and ${pos(g.position)}`));
client.on('error', (e) => notice(e.message));

$('subscribe-form').addEventListener('submit', (event) => {
  event.preventDefault();
  subscribe($('subject').value.trim());
});
$('publish-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const content = $('content').value;
  if (content === '' || subscription === null) return;
  $('content').value = '';
  const started = performance.now();
  try {
    const ack = await client.publish(subscription.subject, content);
    $('ack').textContent = `published at ${pos(ack)} in ${Math.round(performance.now() - started)} ms`;
  } catch (e) {
    $('ack').textContent = `not published: ${e.message}`;
  }
});
$('switch-edge').addEventListener('click', () => client.reconnect());

client.connect();
subscribe(new URLSearchParams(location.search).get('subject') ?? $('subject').value);

function subscribe(subject) {
  try {
    const next = client.subscribe(subject, show, { history: 20 });
    subscription?.unsubscribe();
    subscription = next;
  } catch (e) {
    notice(e.message);
    return;
  }
  $('subject').value = subject;
  $('messages').replaceChildren();
  count = 0;
  $('count').textContent = '0';
  $('recovery').textContent = '–';
  $('recovery').dataset.recovery = '';
  $('recovery-detail').textContent = '';
  notice(null);
}

function show(m) {
  const li = document.createElement('li');
  li.dataset.epoch = m.epoch;
  li.dataset.seq = m.seq;
  li.classList.toggle('replay', m.replay);
  const age = Date.now() - m.timestamp;
  li.append(
    cell('pos', pos(m)),
    cell('content', m.content),
    cell('when', m.replay ? new Date(m.timestamp).toLocaleTimeString() : `${Math.max(0, age)} ms`),
  );
  const list = $('messages');
  list.append(li);
  if (list.children.length > MAX_ROWS) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
  $('count').textContent = String(++count);
}

function cell(className, text) {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

function pos(p) {
  return `(${p.epoch}, ${p.seq})`;
}

function notice(text) {
  $('notice').hidden = text === null;
  $('notice').textContent = text ?? '';
}

/** Edge URLs: ?edges=ws://…,ws://…, else config.json from the local stack, this edge first. */
async function loadConfig() {
  const own = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const fromQuery = new URLSearchParams(location.search).get('edges');
  let edges = fromQuery ? fromQuery.split(',') : [];
  if (edges.length === 0) {
    try {
      const response = await fetch('config.json');
      if (response.ok) edges = (await response.json()).edges ?? [];
    } catch {
      // Served by something other than the local stack: this edge only.
    }
  }
  return { edges: [own, ...edges.filter((u) => u !== own)] };
}
