// Runs the graphql-http server audits (the GraphQL-over-HTTP spec's
// compliance suite) against a live Guichet at $GUICHET_URL. Every MUST audit
// has to pass; SHOULD and MAY results are printed for information.
import { serverAudits } from 'graphql-http';

const base = process.env.GUICHET_URL;
if (!base) {
  console.error('GUICHET_URL is not set (run through .ci/with-server)');
  process.exit(2);
}
const url = new URL('/graphql', base).toString();
let passed = 0;
const failed = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  if (result.status === 'ok') {
    passed++;
  } else if (audit.name.startsWith('MUST')) {
    failed.push(`${audit.name}: ${result.reason}`);
  } else {
    console.log(`${result.status} ${audit.name}: ${result.reason}`);
  }
}
console.log(`graphql-http audits against ${url}: ${passed} passed, ${failed.length} MUST failed`);
for (const f of failed) console.error(`FAIL ${f}`);
process.exit(failed.length ? 1 : 0);
