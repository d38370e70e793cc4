import { and, eq, inArray } from "drizzle-orm";
import { addPost } from "../../app/models/discussions.server";
import { insertLesson } from "../../app/models/lessons.server";
import type { Tx } from "../client.server";
import { lessons, lessonUsefulMarks, partnerships, terms, users } from "../schema";
import type { Audience, LessonOutcome } from "../../app/lib/fixed-lists";

/**
 * Fictional demo lessons on the seeded real partnerships (marked as demo on every page), one or
 * more for each phase and outcome. They are generic lessons of the kind forces share; they name
 * no real person, allege nothing against anyone, and are not any real force's experience.
 */
type DemoLesson = {
  title: string;
  summary: string;
  author: string;
  partnerships: string[];
  phase: string;
  areas: string[];
  outcome: LessonOutcome;
  audience: Audience;
  context: string;
  worked: string;
  didNotWork: string;
  recommendation: string;
  usefulBy: string[];
  replies: { author: string; body: string }[];
  daysAgo: number;
};

const LESSONS: DemoLesson[] = [
  {
    title: "Baseline every KPI for a full year before the business case sets savings targets",
    summary: "Savings and service targets were only credible once both sides agreed a year of baseline data, with the definitions written down before the business case was approved.",
    author: "demo-supplier",
    partnerships: ["cleveland-steria"],
    phase: "business-case",
    areas: ["control-room-and-call-handling", "finance"],
    outcome: "worked_well",
    audience: "members",
    daysAgo: 20,
    context: `*A fictional example for the demo.* A force and its prospective partner were building the business case for a partnered back office and control room. Early drafts set savings targets against **budgeted** costs, because actual costs and volumes were spread across several systems.`,
    worked: `- A joint baselining exercise over **twelve months** of actual volumes and costs, signed off by both finance teams.
- A short **data dictionary**: what counts as a call "answered", a transaction "processed", a post "vacant".
- Publishing the baseline to the PCC's office alongside the business case, so scrutiny started from the same numbers.`,
    didNotWork: `Trying to baseline everything at once. Support functions with poor data (fleet, estates) took months longer; they would have been better baselined during mobilisation with an agreed adjustment mechanism.`,
    recommendation: `Agree the baseline and its definitions **before** savings targets go into the business case, and write the adjustment mechanism for late baselines into the contract. Budget for the baselining work; it is not free.`,
    usefulBy: ["demo-chief", "demo-pcc", "demo-home-office"],
    replies: [
      { author: "demo-pcc", body: `This matches what our panel asked for. Did you publish the data dictionary itself, or only the baseline figures?` },
      { author: "demo-supplier", body: `@demo-pcc both, as an annex. It saved a lot of argument at the first annual review.` },
    ],
  },
  {
    title: "Set decision gates and an affordability envelope before launching a business partner procurement",
    summary: "Agreeing in advance what would make the forces stop, pause or continue made decisions in a large procurement easier to take and to explain; leaving the affordability envelope vague made those gates harder to apply.",
    author: "demo-home-office",
    partnerships: ["west-midlands-surrey-paragon"],
    phase: "procurement",
    areas: ["procurement", "other"],
    outcome: "mixed",
    audience: "policing",
    daysAgo: 16,
    context: `*A fictional example for the demo.* Two forces ran a joint procurement for a strategic business partner covering a wide range of services. The programme board had a lot of information but few pre-agreed points at which it had to decide.`,
    worked: `- **Written decision gates** (after market engagement, after outline solutions, before final tenders), each with criteria agreed by both forces and both PCCs.
- A standing item at each gate for stakeholder and public concerns, so that reputational risk was weighed alongside cost.`,
    didNotWork: `The affordability envelope was expressed as a range of savings rather than a ceiling on cost, so bidders and the board read it differently. Gate criteria that depended on it were argued over rather than applied.`,
    recommendation: `Before launch, agree and minute: the gates, the criteria for each, a **hard affordability ceiling**, and who decides if the forces disagree. Treat stopping at a gate as a legitimate outcome, and say so to the market.`,
    usefulBy: ["demo-chief"],
    replies: [],
  },
  {
    title: "Start TUPE consultation early: staff transfer timelines in a shared service",
    summary: "Running staff consultation on a timeline agreed with the unions at the start, rather than back-solving from the go-live date, avoided a late rush and kept the transfer on schedule.",
    author: "demo-home-office",
    partnerships: ["cheshire-capgemini-mfss"],
    phase: "contract-and-mobilisation",
    areas: ["hr", "payroll"],
    outcome: "worked_well",
    audience: "members",
    daysAgo: 12,
    context: `*A fictional example for the demo.* Several forces moved HR, payroll and finance staff into a shared service. Staff transfer under TUPE had to be completed before payroll could be run from the new platform.`,
    worked: `- A consultation plan agreed with staff associations and unions **at contract signature**, with dates for measures letters, group meetings and one-to-ones.
- Employee liability information collected once, validated by both sides, and refreshed at fixed points.
- A named HR lead on each side with authority to resolve queries within a week.`,
    didNotWork: ``,
    recommendation: `Plan TUPE consultation backwards from a realistic transfer date **and** forwards from contract signature, and use whichever is later. Collect employee liability information early and check it jointly.`,
    usefulBy: ["demo-chief", "demo-supplier"],
    replies: [{ author: "demo-chief", body: `The point about validating employee liability information **jointly** is a good one. Ours was collected twice by different teams and the differences took weeks to resolve.` }],
  },
  {
    title: "Benchmarking custody prices mid-term: agree the comparators before appointing the benchmarker",
    summary: "A mid-term benchmarking review only produced a usable result once both sides had agreed the comparator set and shared the cost of the independent benchmarker.",
    author: "demo-pcc",
    partnerships: ["cleveland-reliance-custody"],
    phase: "operation-and-change-control",
    areas: ["custody"],
    outcome: "mixed",
    audience: "members",
    daysAgo: 8,
    context: `*A fictional example for the demo.* A long custody contract included a benchmarking clause at its mid-point. The clause gave either side the right to call a review but said little about method.`,
    worked: `- Agreeing **three comparator forces** with similar throughput, plus the force's own should-cost model, before any prices were gathered.
- Sharing the benchmarker's fee 50:50, which made the result hard for either side to dismiss.`,
    didNotWork: `The clause did not say what happens when a gap is found. Negotiating a glide path after the result took longer than the benchmarking itself.`,
    recommendation: `Draft benchmarking clauses with the **method**, the comparator rules, how the fee is shared and what follows from a gap (for example a price glide path over two years). Ask for open-book cost data for the services benchmarked.`,
    usefulBy: ["demo-chief", "demo-home-office", "demo-supplier"],
    replies: [],
  },
  {
    title: "Write the data handback into the exit schedule on day one",
    summary: "Leaving the format and timetable for returning data to be agreed at exit did not work for us: specify them in the exit schedule when the contract is signed and test them during the term.",
    author: "demo-chief",
    partnerships: ["cleveland-steria", "avon-and-somerset-southwest-one"],
    phase: "exit-and-re-procurement",
    areas: ["ict", "hr", "finance"],
    outcome: "did_not_work",
    audience: "members",
    daysAgo: 4,
    context: `*A fictional example for the demo.* When a partnership ended and services came back in-house, the force's contract said only that data would be returned "in a reasonable format". The force had not said what its own new systems would need.`,
    worked: `A joint data migration team, once set up, worked well; the problem was how late it started.`,
    didNotWork: `- Agreeing formats and field mappings at exit, under time pressure, for HR, finance and ICT service data at once.
- Assuming that historic records (for example, vetting and training histories) would come back with the live data.`,
    recommendation: `Put a **data handback schedule** in the contract on day one: datasets, formats, field definitions, history to be kept, timetable and who pays. Rehearse a partial handback during the term, and update the schedule when systems change.`,
    usefulBy: ["demo-pcc", "demo-home-office"],
    replies: [],
  },
  {
    title: "Pricing every small change separately slowed the service down: use a change budget",
    summary: "Requiring a separately priced change note for every small change clogged change control; a pre-agreed annual change budget with a simple approval route would have served both sides better.",
    author: "demo-chief",
    partnerships: ["lincolnshire-g4s"],
    phase: "operation-and-change-control",
    areas: ["control-room-and-call-handling", "ict"],
    outcome: "did_not_work",
    audience: "policing",
    daysAgo: 2,
    context: `*A fictional example for the demo.* A force's change control procedure required a fully priced change note, impact assessment and board approval for every change, however small.`,
    worked: ``,
    didNotWork: `Small operational changes (a new report, a rota adjustment, a form field) queued for weeks behind large ones. Both sides spent more on writing change notes than some changes cost.`,
    recommendation: `Agree an annual **change budget** (days or money) for small changes under a threshold, approved by named service managers, with a quarterly report to the board. Keep full change control for anything above the threshold or affecting KPIs.`,
    usefulBy: ["demo-pcc"],
    replies: [{ author: "demo-home-office", body: `A threshold of this kind is in the commercial guidance we share with forces; worth pointing others to it.` }],
  },
];

export function seedDemoLessons(tx: Tx) {
  const userId = (handle: string) => tx.select({ id: users.id }).from(users).where(eq(users.handle, handle)).get()!.id;
  const termId = (vocabulary: "lesson_phase" | "service_area", slug: string) => {
    const row = tx.select({ id: terms.id }).from(terms).where(and(eq(terms.vocabulary, vocabulary), eq(terms.slug, slug))).get();
    if (!row) throw new Error(`seed: no ${vocabulary} term "${slug}"`);
    return row.id;
  };
  for (const l of LESSONS) {
    if (tx.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.isDemo, true), eq(lessons.title, l.title))).get()) continue;
    const partnershipIds = tx.select({ id: partnerships.id }).from(partnerships).where(inArray(partnerships.slug, l.partnerships)).all().map((p) => p.id);
    if (partnershipIds.length !== l.partnerships.length) throw new Error(`seed: demo lesson "${l.title}" names an unknown partnership`);
    const start = Date.now() - l.daysAgo * 24 * 60 * 60_000;
    const lesson = insertLesson(tx, {
      title: l.title,
      summary: l.summary,
      partnershipIds,
      phaseId: termId("lesson_phase", l.phase),
      serviceAreaIds: l.areas.map((slug) => termId("service_area", slug)),
      outcome: l.outcome,
      audience: l.audience,
      contextMd: l.context,
      workedMd: l.worked,
      didNotWorkMd: l.didNotWork,
      recommendationMd: l.recommendation,
      authorId: userId(l.author),
      isDemo: true,
      at: new Date(start),
    });
    for (const handle of l.usefulBy) tx.insert(lessonUsefulMarks).values({ lessonId: lesson.id, userId: userId(handle) }).run();
    tx.update(lessons).set({ usefulCount: l.usefulBy.length }).where(eq(lessons.id, lesson.id)).run();
    l.replies.forEach((r, i) => {
      addPost(tx, { discussion: { id: lesson.discussionId, audience: l.audience, ownerKind: "lesson" }, authorId: userId(r.author), bodyMd: r.body, at: new Date(start + (i + 1) * 5 * 60 * 60_000) });
    });
  }
}
