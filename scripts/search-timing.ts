// One search at a time against a database, no server and no cache: the ranking query's plan and
// its time for a force member and a supplier (issue 15). It bumps the index's generation counter.
//   DATABASE_PATH=/tmp/exchange-bench-v2-100000/exchange.db npx tsx scripts/search-timing.ts [query ...]
import { sql } from "drizzle-orm";
import type { Member } from "../app/auth/policy/index.server";
import { searchPage, searchQueryPlan } from "../app/models/search.server";
import { db } from "../db/client.server";

const queries = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["medical", "medical supplier", "contract", "custody exit"];
const memberOf = (email: string) =>
  db().get<Member>(sql`SELECT u.id, u.handle, u.name, u.email, u.job_title AS jobTitle, u.role, u.status, u.organisation_id AS organisationId, o.kind AS organisationKind, o.name AS organisationName, o.slug AS organisationSlug, 0 AS totpEnabled, '' AS sessionId FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.email = ${email}`)!;
const readers = { "force member": memberOf("chief@cleveland-police.example"), supplier: memberOf("supplier@steria.example") };
const posts = db().get<{ n: number }>(sql`SELECT count(*) AS n FROM posts`)!.n;
console.log(`${posts.toLocaleString("en-GB")} posts`);
console.log(searchQueryPlan(queries[0]!).join("\n"));
for (const q of queries)
  for (const [who, member] of Object.entries(readers)) {
    const times: number[] = [];
    let total = 0;
    // The first page, seven times, each as if a row had just been removed from the index (which
    // starts every ranking again), so the result cache never answers and every call ranks every
    // match again.
    for (let run = 0; run < 7; run++) {
      db().run(sql`UPDATE search_generation SET n = n + 1, removed = removed + 1`);
      const t0 = performance.now();
      total = searchPage(member, new URLSearchParams({ q }), 1).total;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`${JSON.stringify(q).padEnd(22)} ${who.padEnd(13)} ${total.toLocaleString("en-GB").padStart(9)} hits   median ${times[3]!.toFixed(0).padStart(5)} ms   best ${times[0]!.toFixed(0).padStart(5)} ms`);
  }
