import { and, eq } from "drizzle-orm";
import { addPost } from "../../app/models/discussions.server";
import { insertThread } from "../../app/models/forum.server";
import type { Tx } from "../client.server";
import { spaces, terms, threads, users } from "../schema";

/** Fictional demo threads (marked as demo on every page); no real person is named and nothing is alleged. */
type DemoThread = {
  space: string;
  kind: "question" | "discussion";
  title: string;
  author: string;
  areas: string[];
  body: string;
  replies: { author: string; body: string; accepted?: boolean }[];
  daysAgo: number;
};

const THREADS: DemoThread[] = [
  {
    space: "control-rooms-and-custody",
    kind: "question",
    title: "Which call-handling KPIs belong in a control-room outsourcing specification?",
    author: "demo-chief",
    areas: ["control-room-and-call-handling"],
    daysAgo: 9,
    body: `We are drafting an outline business case for a partnered control room. Before we write the specification I would like to know which KPIs other forces put in theirs, and which they regretted.

In particular:

1. Did you measure **999 answer times** at the 10-second mark, or at the 90th percentile?
2. How did you stop KPIs on speed from driving down the *quality* of risk assessment?
3. Did anyone tie service credits to **abandoned 101 calls**?`,
    replies: [
      {
        author: "demo-supplier",
        accepted: true,
        body: `Speaking from the supplier side, three things we would ask any force to specify:

| Measure | Why it matters |
|---|---|
| 999 answered within 10 seconds (monthly, 90%) | The national standard, easy to audit from telephony data |
| THRIVE risk assessment completed and quality-checked (sample of 2%) | Balances speed against quality |
| 101 abandonment rate, reported but *not* credit-bearing in year 1 | Lets both sides baseline before money is attached |

Put the **data definitions** in a schedule of their own, so nobody argues later about what "answered" means.`,
      },
      {
        author: "demo-home-office",
        body: `Agree with the point about a baseline year. The commercial guidance we share with forces also suggests a joint quality panel that samples calls each month, with the force holding the final say on grading.`,
      },
    ],
  },
  {
    space: "commercial-and-procurement",
    kind: "question",
    title: "How did you benchmark custody contract prices at the mid-term review?",
    author: "demo-pcc",
    areas: ["custody", "procurement"],
    daysAgo: 6,
    body: `Our custody contract has a benchmarking clause at year five. The clause lets either side ask for a review, but says little about **how** comparators are chosen.

Has anyone run one of these? What did you compare against, and who paid for the benchmarker?`,
    replies: [
      {
        author: "demo-chief",
        body: `We agreed the comparator set *before* appointing the benchmarker: three forces with similar custody throughput, plus the in-house cost model we built for the business case. The cost of the benchmarker was shared 50:50, which stopped either side dismissing the result.`,
      },
    ],
  },
  {
    space: "open-discussions",
    kind: "discussion",
    title: "Benchmarking clauses: what has actually worked?",
    author: "demo-home-office",
    areas: ["procurement", "finance"],
    daysAgo: 4,
    body: `A discussion for buyers and suppliers alike. Benchmarking clauses are in most long contracts, but we hear they are rarely used.

- What made a benchmarking clause usable in practice?
- What would you change in the drafting next time?`,
    replies: [
      {
        author: "demo-supplier",
        body: `From our side: a clause that names the **method** (not just the right to benchmark), caps how often it can be called, and says what happens if the result shows a gap: a glide path rather than an immediate price change.`,
      },
      {
        author: "demo-chief",
        body: `@demo-supplier agreed on the glide path. We would add a requirement to share **open-book** cost data for the services being benchmarked, otherwise the comparison stays at headline prices.`,
      },
    ],
  },
  {
    space: "chiefs-and-pccs",
    kind: "question",
    title: "Exit planning: how long before contract end did you start?",
    author: "demo-chief",
    areas: ["other"],
    daysAgo: 2,
    body: `For those who have brought services back in-house or re-procured: how many months before the end of the contract did you start exit planning, and what would you start earlier next time?`,
    replies: [],
  },
  {
    space: "ict-and-digital",
    kind: "question",
    title: "Shared ERP service: what should we ask about data migration?",
    author: "demo-pcc",
    areas: ["ICT", "hr", "payroll", "finance"],
    daysAgo: 1,
    body: `We are considering joining a shared back-office (ERP) service. What questions should our due diligence ask about **data migration** and about getting our data back at exit?`,
    replies: [
      {
        author: "demo-supplier",
        body: `Ask for: the migration approach and a trial load of your own data; who cleanses the data and who signs it off; the format and timetable for returning data at exit, written into the exit schedule; and a named migration lead on both sides.`,
      },
    ],
  },
];

export function seedDemoForum(tx: Tx) {
  const userId = (handle: string) => tx.select({ id: users.id }).from(users).where(eq(users.handle, handle)).get()!.id;
  for (const t of THREADS) {
    if (tx.select({ id: threads.id }).from(threads).where(and(eq(threads.isDemo, true), eq(threads.title, t.title))).get()) continue;
    const space = tx.select().from(spaces).where(eq(spaces.slug, t.space)).get()!;
    const areaIds = t.areas
      .map((slug) => tx.select({ id: terms.id }).from(terms).where(and(eq(terms.vocabulary, "service_area"), eq(terms.slug, slug.toLowerCase()))).get()?.id)
      .filter((id): id is number => id !== undefined);
    const start = Date.now() - t.daysAgo * 24 * 60 * 60_000;
    const thread = insertThread(tx, { kind: t.kind, title: t.title, bodyMd: t.body, serviceAreaIds: areaIds, partnershipIds: [], submissionKey: null, spaceId: space.id, audience: space.audience, authorId: userId(t.author), isDemo: true, at: new Date(start) });
    t.replies.forEach((r, i) => {
      const reply = addPost(tx, { discussion: { id: thread.discussionId, audience: space.audience, ownerKind: "thread" }, authorId: userId(r.author), bodyMd: r.body, at: new Date(start + (i + 1) * 3 * 60 * 60_000) });
      if (r.accepted) tx.update(threads).set({ acceptedPostId: reply.postId }).where(eq(threads.id, thread.id)).run();
    });
  }
}
