// Drives a live Guichet at $GUICHET_URL with graphql-ws, the reference
// client of the graphql-transport-ws protocol: a partner's system follows
// label changes over WebSocket (bearer token in connection_init) while
// Olivier Opérateur, logged in through the development provider with a
// cookie jar, labels transactions; it checks the events, resumes from a
// cursor, filters, keeps the connection alive with ping/pong, and sees
// bad credentials refused with 4403.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const base = process.env.GUICHET_URL;
if (!base) {
  console.error('GUICHET_URL is not set (run through .ci/with-server)');
  process.exit(2);
}
const wsURL = new URL('/graphql', base).toString().replace(/^http/, 'ws');
setTimeout(() => {
  console.error('FAIL the conformance run did not end within 60 s');
  process.exit(1);
}, 60_000).unref();

let checks = 0;
function check(ok, what, detail) {
  if (!ok) {
    console.error(`FAIL ${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`);
    process.exit(1);
  }
  checks++;
}

// A partner's access token: client credentials at the development provider.
async function partnerToken(id, secret) {
  const res = await fetch(new URL('/dev-idp/oauth/token', base), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64'),
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  const body = await res.json();
  check(res.ok && body.access_token, `token of ${id}`, body);
  return body.access_token;
}

// A browser, as far as the back office needs one: cookies kept across
// redirects, and the SPA's CSRF header on GraphQL requests.
function browser() {
  const jar = new Map();
  async function request(url, init = {}) {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value === '' || /max-age=(0|-)/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }
  async function follow(url, init) {
    let res = await request(url, init);
    while (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location'), url).toString();
      res = await request(url);
    }
    return { res, url };
  }
  return {
    async login(user) {
      const { url: page } = await follow(new URL('/auth/login', base).toString());
      const id = new URL(page).searchParams.get('authRequestID');
      check(id, 'the login page of the development provider', page);
      const { url: end } = await follow(new URL('/dev-idp/login', base).toString(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ id, user }),
      });
      check(end === new URL('/', base).toString(), `login of ${user}`, end);
    },
    async graphql(query, variables) {
      const res = await request(new URL('/graphql', base), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Guichet-CSRF': '1', Origin: new URL(base).origin },
        body: JSON.stringify({ query, variables }),
      });
      const body = await res.json();
      check(res.ok && !body.errors, 'GraphQL request as a person', body);
      return body.data;
    },
  };
}

// A subscription whose results a test takes as they come.
function follow(client, query, variables) {
  const results = [];
  let ended = null;
  let wake = () => {};
  const dispose = client.subscribe(
    { query, variables },
    {
      next: (r) => { results.push(r); wake(); },
      error: (e) => { ended = { error: e }; wake(); },
      complete: () => { ended = ended || { complete: true }; wake(); },
    },
  );
  return {
    dispose,
    // take waits for n more results.
    async take(n, what) {
      const deadline = Date.now() + 10_000;
      while (results.length < n && !ended && Date.now() < deadline) {
        await new Promise((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      check(results.length >= n, `${what}: ${n} results`, { got: results, ended: String(ended?.error?.code ?? ended?.error ?? '') });
      return results.splice(0, n);
    },
  };
}

// Waits for a client's socket to close and returns the close code.
function closeCode(connectionParams) {
  return new Promise((resolve) => {
    const client = createClient({
      url: wsURL,
      webSocketImpl: WebSocket,
      connectionParams,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => {},
      on: { closed: (e) => resolve(e.code) },
    });
    setTimeout(() => { client.dispose(); resolve('still open'); }, 10_000).unref();
  });
}

const token = await partnerToken('partner-demo', 'partner-demo-secret');
const olivier = browser();
await olivier.login('olivier.operateur@refundus.example');

let pongs = 0;
const client = createClient({
  url: wsURL,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  retryAttempts: 0,
  keepAlive: 200, // the client pings; the server must answer
  on: { pong: (received) => { if (received) pongs++; } },
});

// Queries work over the socket too: the newest event, and what to label.
const [head] = await follow(client, `{ labelEvents(last: 1, orderBy: {field: SEQ}) { edges { cursor } } }`).take(1, 'a query over WebSocket');
const { labels, transactions } = await olivier.graphql(`{
  labels(first: 1) { edges { node { id name color } } }
  transactions(first: 20) { edges { node { id labels { id } } } }
}`);
const label = labels.edges[0].node;
const free = transactions.edges.map((e) => e.node).filter((t) => !t.labels.some((l) => l.id === label.id)).map((t) => t.id);
check(free.length >= 3, 'three transactions without the label', transactions);
let after = head.data.labelEvents.edges[0]?.cursor ?? null;
if (!after) {
  // An empty log: a first change gives it a head.
  await olivier.graphql(`mutation($t: [ID!]!, $l: [ID!]!) { addLabels(transactionIds: $t, labelIds: $l) { id } }`, { t: [free[2]], l: [label.id] });
  const [h] = await follow(client, `{ labelEvents(last: 1, orderBy: {field: SEQ}) { edges { cursor } } }`).take(1, 'the head');
  after = h.data.labelEvents.edges[0].cursor;
  free.pop();
}

const subscription = `subscription($after: Cursor, $where: LabelChangeFilter) {
  labelChanged(after: $after, where: $where) {
    id cursor kind at label { id name color } transaction { id } actor { name clientId }
  }
}`;
const change = (mutation, tx) =>
  olivier.graphql(`mutation($t: [ID!]!, $l: [ID!]!) { ${mutation}(transactionIds: $t, labelIds: $l) { id } }`, { t: [tx], l: [label.id] });
const expect = (results, want, what) => {
  const got = results.map((r) => {
    check(!r.errors, `${what}: no errors`, r);
    const e = r.data.labelChanged;
    check(e.cursor && e.id && !Number.isNaN(Date.parse(e.at)), `${what}: cursor, id and time`, e);
    check(e.label.id === label.id && e.label.name === label.name && e.label.color === label.color, `${what}: the label`, e);
    check(e.actor.name === 'Olivier Opérateur' && e.actor.clientId === 'guichet-web', `${what}: the actor`, e);
    return `${e.kind} ${e.transaction.id}`;
  });
  check(JSON.stringify(got) === JSON.stringify(want), what, { got, want });
  return results.map((r) => r.data.labelChanged);
};

// Live changes, then a resumption from the last cursor seen.
const all = follow(client, subscription, { after });
const removals = follow(client, subscription, { after, where: { kinds: ['LABEL_REMOVED'] } });
await change('addLabels', free[0]);
await change('removeLabels', free[0]);
const first = expect(await all.take(2, 'live events'), [`LABEL_ADDED ${free[0]}`, `LABEL_REMOVED ${free[0]}`], 'live events');
all.dispose();
await change('addLabels', free[1]);
await change('removeLabels', free[1]);
const resumed = follow(client, subscription, { after: first[1].cursor });
const missed = expect(await resumed.take(2, 'replay'), [`LABEL_ADDED ${free[1]}`, `LABEL_REMOVED ${free[1]}`], 'replay after the last cursor seen');
check(new Set([...first, ...missed].map((e) => e.id)).size === 4, 'four distinct events');
await change('addLabels', free[0]);
expect(await resumed.take(1, 'live after replay'), [`LABEL_ADDED ${free[0]}`], 'live after the replay');
await change('removeLabels', free[0]);
expect(await resumed.take(1, 'live after replay'), [`LABEL_REMOVED ${free[0]}`], 'live after the replay');
expect(await removals.take(3, 'filtered'), [`LABEL_REMOVED ${free[0]}`, `LABEL_REMOVED ${free[1]}`, `LABEL_REMOVED ${free[0]}`], 'a kinds filter');
// A quiet connection: the client pings, the server answers.
await new Promise((resolve) => setTimeout(resolve, 600));
check(pongs > 0, 'the server answers pings with pongs', pongs);
resumed.dispose();
removals.dispose();
await client.dispose();

// Refused credentials close the socket with 4403.
check((await closeCode({ Authorization: 'Bearer not-a-token' })) === 4403, 'a bad token closes with 4403');
check((await closeCode(undefined)) === 4403, 'no credentials close with 4403');
check((await closeCode({ Authorization: `Basic ${Buffer.from('partner-demo:partner-demo-secret').toString('base64')}` })) === 4403,
  'a non-bearer Authorization closes with 4403');

console.log(`graphql-ws conformance against ${wsURL}: ${checks} checks passed`);
process.exit(0);
