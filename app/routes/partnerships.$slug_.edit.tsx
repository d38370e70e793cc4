import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { ErrorSummary, Radios, Select, SuccessNotice, TextInput } from "~/components/form";
import { PARTNERSHIP_FIELD_ORDER, PartnershipFields, type PartnershipFormState } from "~/components/partnership-form";
import { EvidenceKey, KpiRatingTag, SavingLine } from "~/components/registry";
import { formatDateTime } from "~/lib/dates";
import { pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { formatMoneyInput } from "~/lib/money";
import { Id } from "~/lib/params";
import { formatPartialDate } from "~/lib/partial-date";
import { EVENT_FIELDS, KPI_FIELDS, KPI_RATING_FIELDS, SAVING_FIELDS, SOURCE_FIELDS } from "~/lib/partnership-fields";
import { parseEventForm, parseKpiForm, parseKpiRatingForm, parsePartnershipForm, parseSavingForm, parseSourceForm } from "~/forms/partnership-form.server";
import { EVIDENCE_LABELS, KPI_RATING_LABELS, periodText } from "~/lib/partnership-labels";
import { requestMeta } from "~/lib/request.server";
import {
  addEvent,
  addKpi,
  addKpiRating,
  addSavingsFigure,
  addSource,
  editable,
  partnershipEditPage,
  removeEvent,
  removeKpi,
  removeKpiRating,
  removeSavingsFigure,
  removeSource,
  resolveCorrection,
  updatePartnership,
  type Partnership,
} from "~/models/partnerships/index.server";
import type { EvidenceGrade, KpiRating } from "~/lib/fixed-lists";

export const handle = titled<{ forbidden: boolean; partnership: { name: string } }>((d) => (d.forbidden ? "You cannot edit this partnership" : `Edit: ${d.partnership.name}`));

function formValuesOf(p: Partnership): PartnershipFormState {
  return {
    name: p.name,
    summary: p.summary ?? "",
    type: p.typeSlug ?? "",
    status: p.status ?? "unknown",
    serviceAreas: p.serviceAreas.map((a) => a.slug),
    forces: p.forces.map((f) => f.slug),
    suppliers: p.suppliers.map((s) => s.name).join("\n"),
    procurementLaunched: p.procurementLaunched ? formatPartialDate(p.procurementLaunched) : "",
    contractSigned: p.contractSigned ? formatPartialDate(p.contractSigned) : "",
    serviceStart: p.serviceStart ? formatPartialDate(p.serviceStart) : "",
    serviceEnd: p.serviceEnd ? formatPartialDate(p.serviceEnd) : "",
    termYears: p.termYears === null ? "" : String(p.termYears),
    contractValue: p.contractValuePence === null ? "" : formatMoneyInput(p.contractValuePence),
    contractValueNote: p.contractValueNote ?? "",
    staffTransferred: p.staffTransferred ?? "",
    commissionerBodies: p.commissionerBodies ?? "",
    revision: String(p.latestRevisionId),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const page = partnershipEditPage(member, params.slug ?? "");
  if (!page) throw new Response("Not found", { status: 404 });
  // Shown as a page (status 403) so it can point to what the member can do instead.
  if (page.forbidden) return data(page, { status: 403 });
  return { ...page, values: formValuesOf(page.partnership), notice: new URL(request.url).searchParams.get("done") };
}

type ActionResult = { form: "facts" | "saving" | "event" | "source" | "kpi" | "rating"; errors: Record<string, string>; values: Record<string, unknown> };

const NOT_ALLOWED = "Only administrators and the policing side of this partnership's own organisations can edit it.";

function fail(reason: "not_found" | "forbidden"): never {
  throw reason === "not_found" ? new Response("Not found", { status: 404 }) : new Response(NOT_ALLOWED, { status: 403 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const found = editable(member, params.slug ?? "");
  if (!found.ok) fail(found.reason);
  const p = found.value;
  const form = await request.formData();
  const intent = form.get("intent");
  const back = (done: string, anchor: string) => redirect(`/partnerships/${p.slug}/edit?done=${done}#${anchor}`);
  const itemId = () => {
    const id = Id.safeParse(form.get("id"));
    if (!id.success) fail("not_found");
    return id.data;
  };
  switch (intent) {
    case "facts": {
      const { values, parsed } = parsePartnershipForm(form);
      if (!parsed.ok) return data<ActionResult>({ form: "facts", errors: parsed.errors, values }, { status: 400 });
      const revision = Number(values.revision);
      const result = updatePartnership(member, p.slug, Number.isInteger(revision) ? revision : -1, parsed.fields);
      if (!result.ok) {
        if (result.reason === "invalid") return data<ActionResult>({ form: "facts", errors: result.errors, values }, { status: 400 });
        if (result.reason === "stale")
          return data<ActionResult>(
            { form: "facts", errors: { form: "Someone else saved a change to this partnership after you opened this page, so yours has not been saved. Copy anything you need, reload the page and make your change again." }, values },
            { status: 409 },
          );
        fail(result.reason);
      }
      return redirect(`/partnerships/${p.slug}?saved=1`);
    }
    case "add-saving": {
      const values = pickStrings(form, SAVING_FIELDS);
      const parsed = parseSavingForm(values);
      if (!parsed.ok) return data<ActionResult>({ form: "saving", errors: parsed.errors, values }, { status: 400 });
      const result = addSavingsFigure(member, p.slug, parsed.fields);
      if (!result.ok) fail(result.reason);
      return back("saving-added", "savings");
    }
    case "add-event": {
      const values = pickStrings(form, EVENT_FIELDS);
      const parsed = parseEventForm(values);
      if (!parsed.ok) return data<ActionResult>({ form: "event", errors: parsed.errors, values }, { status: 400 });
      const result = addEvent(member, p.slug, parsed.fields);
      if (!result.ok) fail(result.reason);
      return back("event-added", "events");
    }
    case "add-source": {
      const values = pickStrings(form, SOURCE_FIELDS);
      const parsed = parseSourceForm(values);
      if (!parsed.ok) return data<ActionResult>({ form: "source", errors: parsed.errors, values }, { status: 400 });
      const result = addSource(member, p.slug, parsed.fields);
      if (!result.ok) fail(result.reason);
      return back("source-added", "sources");
    }
    case "remove-saving": {
      const result = removeSavingsFigure(member, p.slug, itemId());
      if (!result.ok) fail(result.reason);
      return back("saving-removed", "savings");
    }
    case "remove-event": {
      const result = removeEvent(member, p.slug, itemId());
      if (!result.ok) fail(result.reason);
      return back("event-removed", "events");
    }
    case "remove-source": {
      const result = removeSource(member, p.slug, itemId());
      if (!result.ok) fail(result.reason);
      return back("source-removed", "sources");
    }
    case "add-kpi": {
      const values = pickStrings(form, KPI_FIELDS);
      const parsed = parseKpiForm(values);
      if (!parsed.ok) return data<ActionResult>({ form: "kpi", errors: parsed.errors, values }, { status: 400 });
      const result = addKpi(member, p.slug, parsed.fields);
      if (!result.ok) fail(result.reason);
      return back("kpi-added", "performance");
    }
    case "add-rating": {
      const values = pickStrings(form, KPI_RATING_FIELDS);
      const parsed = parseKpiRatingForm(values);
      if (!parsed.ok) return data<ActionResult>({ form: "rating", errors: parsed.errors, values }, { status: 400 });
      const { kpiId, ...fields } = parsed.fields;
      const result = addKpiRating(member, p.slug, kpiId, fields);
      if (!result.ok) {
        if (result.reason === "not_found") return data<ActionResult>({ form: "rating", errors: { ratingKpi: "Select the KPI this rating is for" }, values }, { status: 400 });
        fail(result.reason);
      }
      return back("rating-added", "performance");
    }
    case "remove-kpi": {
      const result = removeKpi(member, p.slug, itemId());
      if (!result.ok) fail(result.reason);
      return back("kpi-removed", "performance");
    }
    case "remove-rating": {
      const result = removeKpiRating(member, p.slug, itemId());
      if (!result.ok) fail(result.reason);
      return back("rating-removed", "performance");
    }
    case "resolve-correction": {
      const result = resolveCorrection(member, p.slug, itemId(), requestMeta(request, context).ip);
      if (!result.ok) fail(result.reason);
      return back("correction-resolved", "corrections");
    }
    default:
      throw new Response("Choose what to save", { status: 400 });
  }
}

const DONE: Record<string, string> = {
  "saving-added": "The savings figure is added.",
  "saving-removed": "The savings figure is removed.",
  "event-added": "The event is added to the timeline.",
  "event-removed": "The event is removed from the timeline.",
  "source-added": "The source is added.",
  "source-removed": "The source is removed.",
  "correction-resolved": "The correction is marked as resolved.",
  "kpi-added": "The KPI is added. Record its ratings below.",
  "kpi-removed": "The KPI and its ratings are removed.",
  "rating-added": "The rating is recorded.",
  "rating-removed": "The rating is removed.",
};

export default function EditPartnership() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  if (loaded.forbidden) return <Forbidden partnership={loaded.partnership} isSupplier={loaded.isSupplier} />;
  const { partnership: p, values, corrections, kpis, types, areas, forces, notice } = loaded;
  const errors = actionData?.errors;
  const formErrors = (form: ActionResult["form"]) => (actionData?.form === form ? actionData.errors : undefined);
  const formValues = (form: ActionResult["form"]) => (actionData?.form === form ? (actionData.values as Record<string, string>) : {});
  const facts = actionData?.form === "facts" ? (actionData.values as PartnershipFormState) : values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/partnerships", label: "Partnerships" }, { to: `/partnerships/${p.slug}`, label: p.name }]} />
        <ErrorSummary errors={errors} order={[...PARTNERSHIP_FIELD_ORDER, ...SAVING_FIELDS, ...EVENT_FIELDS, ...SOURCE_FIELDS, ...KPI_FIELDS, ...KPI_RATING_FIELDS]} />
        {notice && DONE[notice] ? <SuccessNotice>{DONE[notice]}</SuccessNotice> : null}
        <span className="govuk-caption-l">Edit the registry</span>
        <h1 className="govuk-heading-l">{p.name}</h1>
        <p className="govuk-body">
          Every change is kept in the <AppLink className="govuk-link" to={`/partnerships/${p.slug}/history`}>history</AppLink> with your name. Give facts as the public sources state them; leave a fact empty when no source gives it.
        </p>

        {corrections.length > 0 ? (
          <section aria-labelledby="corrections">
            <h2 className="govuk-heading-m" id="corrections">
              {`Suggested corrections (${corrections.length})`}
            </h2>
            {corrections.map((c) => (
              <div className="app-correction" key={c.id}>
                <p className="app-meta">
                  {c.authorName}, {c.organisationName}, {formatDateTime(c.createdAt)}
                </p>
                <p className="govuk-body app-pre-wrap">{c.text}</p>
                <Form method="post">
                  <input type="hidden" name="intent" value="resolve-correction" />
                  <input type="hidden" name="id" value={c.id} />
                  <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-2">
                    Mark as resolved
                  </button>
                </Form>
              </div>
            ))}
          </section>
        ) : null}

        <h2 className="govuk-heading-m" id="facts">
          Facts
        </h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="facts" />
          <input type="hidden" name="revision" value={facts.revision ?? values.revision} />
          <PartnershipFields values={facts} errors={formErrors("facts")} types={types} areas={areas} forces={forces} />
          <button type="submit" className="govuk-button">
            Save the facts
          </button>
        </Form>

        <h2 className="govuk-heading-m" id="savings">
          Savings figures
        </h2>
        {p.savings.length === 0 ? (
          <p className="govuk-body">No savings figures yet.</p>
        ) : (
          <ul className="app-item-list">
            {p.savings.map((s) => (
              <li className="app-item-list__item" key={s.id}>
                <span>
                  <SavingLine saving={s} /> <span className="app-meta">reported by {s.reportedBy}</span>
                </span>
                <RemoveButton intent="remove-saving" id={s.id} what="savings figure" />
              </li>
            ))}
          </ul>
        )}
        <h3 className="govuk-heading-s">Add a savings figure</h3>
        <EvidenceKey />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="add-saving" />
          <Radios name="savingKind" legend="Targeted or reported?" errors={formErrors("saving")} defaultValue={formValues("saving").savingKind} inline options={[{ value: "targeted", label: "Targeted" }, { value: "reported", label: "Reported" }]} />
          <TextInput name="savingAmount" label="Amount" hint="In pounds, for example £50m or 1,700,000. Or give a percentage below." errors={formErrors("saving")} defaultValue={formValues("saving").savingAmount} width="20" />
          <TextInput name="savingPercent" label="Or a percentage" hint="For example 25, or a range such as 30-40." errors={formErrors("saving")} defaultValue={formValues("saving").savingPercent} width="10" />
          <TextInput name="savingPeriod" label="Period (optional)" hint="For example: 10 years, to March 2011, a year by year 10." errors={formErrors("saving")} defaultValue={formValues("saving").savingPeriod} width="20" />
          <TextInput name="savingReportedBy" label="Reported by" hint="Who published the figure, and when: for example, Cleveland Police Authority and Steria (2010)." errors={formErrors("saving")} defaultValue={formValues("saving").savingReportedBy} />
          <Radios name="savingEvidence" legend="Evidence grade" errors={formErrors("saving")} defaultValue={formValues("saving").savingEvidence} options={(Object.keys(EVIDENCE_LABELS) as EvidenceGrade[]).map((g) => ({ value: g, label: EVIDENCE_LABELS[g] }))} />
          <TextInput name="savingNote" label="Note (optional)" errors={formErrors("saving")} defaultValue={formValues("saving").savingNote} />
          <button type="submit" className="govuk-button govuk-button--secondary">
            Add the savings figure
          </button>
        </Form>

        <h2 className="govuk-heading-m" id="events">
          Timeline
        </h2>
        {p.events.length === 0 ? (
          <p className="govuk-body">No events yet.</p>
        ) : (
          <ul className="app-item-list">
            {p.events.map((e) => (
              <li className="app-item-list__item" key={e.id}>
                <span>
                  <strong>{formatPartialDate(e.date)}</strong>: {e.what}
                </span>
                <RemoveButton intent="remove-event" id={e.id} what="event" />
              </li>
            ))}
          </ul>
        )}
        <h3 className="govuk-heading-s">Add an event</h3>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="add-event" />
          <TextInput name="eventDate" label="Date" hint="A year, a month or a day: for example 2016, May 2019 or 1 May 2019." errors={formErrors("event")} defaultValue={formValues("event").eventDate} width="20" />
          <TextInput name="eventWhat" label="What happened" errors={formErrors("event")} defaultValue={formValues("event").eventWhat} />
          <button type="submit" className="govuk-button govuk-button--secondary">
            Add the event
          </button>
        </Form>

        <h2 className="govuk-heading-m" id="sources">
          Sources
        </h2>
        {p.sources.length === 0 ? (
          <p className="govuk-body">No sources yet.</p>
        ) : (
          <ol className="app-item-list">
            {p.sources.map((s) => (
              <li className="app-item-list__item" key={s.id}>
                <span>
                  {s.citation}
                  {s.url ? <span className="app-meta"> ({s.url})</span> : null}
                </span>
                <RemoveButton intent="remove-source" id={s.id} what="source" />
              </li>
            ))}
          </ol>
        )}
        <h3 className="govuk-heading-s">Add a source</h3>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="add-source" />
          <TextInput name="sourceCitation" label="Source" hint="Who published what, and when: for example, The Guardian, 29 June 2011." errors={formErrors("source")} defaultValue={formValues("source").sourceCitation} />
          <TextInput name="sourceUrl" label="Web address (optional)" hint="Starting https://" errors={formErrors("source")} defaultValue={formValues("source").sourceUrl} spellCheck={false} />
          <button type="submit" className="govuk-button govuk-button--secondary">
            Add the source
          </button>
        </Form>

        <h2 className="govuk-heading-m" id="performance">
          Contract performance
        </h2>
        <p className="govuk-body">
          The KPIs the contract is assessed against and the rating published for each period (Procurement Act 2023, sections 52 and 71: at least once a year for larger contracts).
        </p>
        {kpis.length === 0 ? (
          <p className="govuk-body">No KPIs yet.</p>
        ) : (
          <ul className="app-item-list">
            {kpis.map((k) => (
              <li className="app-item-list__item" key={k.id}>
                <span>
                  <strong>{k.name}</strong>
                  {k.description ? <span className="app-meta"> {k.description}</span> : null}
                </span>
                <RemoveButton intent="remove-kpi" id={k.id} what={`KPI and its ${k.ratings.length} ratings`} />
                {k.ratings.length ? (
                  <ul className="app-item-list">
                    {k.ratings.map((r) => (
                      <li className="app-item-list__item" key={r.id}>
                        <span>
                          {periodText(r)}: <KpiRatingTag rating={r.rating} /> <span className="app-meta">({r.source})</span>
                        </span>
                        <RemoveButton intent="remove-rating" id={r.id} what="rating" />
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <h3 className="govuk-heading-s">Add a KPI</h3>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="add-kpi" />
          <TextInput name="kpiName" label="KPI" hint="As the contract or its performance notice names it: for example, Calls answered within 10 seconds." errors={formErrors("kpi")} defaultValue={formValues("kpi").kpiName} />
          <TextInput name="kpiDescription" label="Target or description (optional)" hint="For example: 90% of 999 calls each month." errors={formErrors("kpi")} defaultValue={formValues("kpi").kpiDescription} />
          <button type="submit" className="govuk-button govuk-button--secondary">
            Add the KPI
          </button>
        </Form>
        {kpis.length ? (
          <>
            <h3 className="govuk-heading-s">Record a rating</h3>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="add-rating" />
              <Select name="ratingKpi" label="KPI" errors={formErrors("rating")} defaultValue={formValues("rating").ratingKpi} options={kpis.map((k) => ({ value: String(k.id), label: k.name }))} />
              <TextInput name="ratingPeriodStart" label="Period from (optional)" hint="A year, a month or a day: for example April 2024." errors={formErrors("rating")} defaultValue={formValues("rating").ratingPeriodStart} width="20" />
              <TextInput name="ratingPeriodEnd" label="Period to" hint="For example March 2025." errors={formErrors("rating")} defaultValue={formValues("rating").ratingPeriodEnd} width="20" />
              <Radios name="rating" legend="Rating" errors={formErrors("rating")} defaultValue={formValues("rating").rating} options={(Object.keys(KPI_RATING_LABELS) as KpiRating[]).map((r) => ({ value: r, label: KPI_RATING_LABELS[r] }))} />
              <TextInput name="ratingNote" label="Note (optional)" hint={'For example the measured value, or what "other" means here.'} errors={formErrors("rating")} defaultValue={formValues("rating").ratingNote} />
              <TextInput name="ratingSource" label="Source" hint="Who published the rating, and when: for example, Contract performance notice, Find a Tender, 12 May 2025." errors={formErrors("rating")} defaultValue={formValues("rating").ratingSource} />
              <TextInput name="ratingSourceUrl" label="Web address of the source (optional)" hint="Starting https://" errors={formErrors("rating")} defaultValue={formValues("rating").ratingSourceUrl} spellCheck={false} />
              <Radios name="ratingEvidence" legend="Evidence grade" errors={formErrors("rating")} defaultValue={formValues("rating").ratingEvidence} options={(Object.keys(EVIDENCE_LABELS) as EvidenceGrade[]).map((g) => ({ value: g, label: EVIDENCE_LABELS[g] }))} />
              <button type="submit" className="govuk-button govuk-button--secondary">
                Record the rating
              </button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}

function RemoveButton({ intent, id, what }: { intent: string; id: number; what: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0 app-small-button">
        Remove<span className="govuk-visually-hidden"> this {what}</span>
      </button>
    </Form>
  );
}

function Forbidden({ partnership, isSupplier }: { partnership: { slug: string; name: string }; isSupplier: boolean }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You cannot edit this partnership</h1>
        <p className="govuk-body">
          {isSupplier
            ? "Suppliers cannot edit the registry, so that the facts stay the policing side's account."
            : "Only the policing side of this partnership's own forces, and administrators, can edit it."}
        </p>
        <p className="govuk-body">
          If something about <AppLink className="govuk-link" to={`/partnerships/${partnership.slug}`}>{partnership.name}</AppLink> is wrong or missing,{" "}
          <AppLink className="govuk-link" to={`/partnerships/${partnership.slug}/correction`}>suggest a correction</AppLink>. The administrators will review it.
        </p>
      </div>
    </div>
  );
}
