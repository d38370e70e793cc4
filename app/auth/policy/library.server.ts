/**
 * The procurement template library. A withdrawn template is kept for its moderators and hidden
 * from everyone else, on its page, in the library list and in search alike (templateVisibleWhere).
 */
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Audience } from "~/lib/fixed-lists";
import { audienceReadableWhere, mayModerate, mayRead, moderatableWhere } from "./content.server";
import { can, type Actor } from "./rules.server";

export type TemplateFacts = { audience: Audience; authorId: number; organisationId: number; withdrawnAt: Date | null };

/** Seeing a template, its versions, files and discussion: readers of its audience; once withdrawn, its moderators only. */
export function mayReadTemplate(actor: Actor | null, t: Pick<TemplateFacts, "audience" | "withdrawnAt">) {
  return mayRead(actor, t) && (!t.withdrawnAt || mayModerate(actor, t));
}

/** Adding a version or editing details: the uploader, colleagues in the uploader's organisation, moderators. */
export function mayEditTemplate(actor: Actor | null, t: Pick<TemplateFacts, "audience" | "authorId" | "organisationId">) {
  return can(actor, { do: "editTemplate", audience: t.audience, authorId: t.authorId, organisationId: t.organisationId });
}

/** Withdrawing or restoring: moderators of its audience. */
export function mayWithdrawTemplate(actor: Actor | null, t: Pick<TemplateFacts, "audience">) {
  return mayModerate(actor, t);
}

/** "Useful" marks: readers of a template that is not their own and not withdrawn. */
export function mayMarkTemplateUseful(actor: Actor | null, t: Pick<TemplateFacts, "audience" | "authorId" | "withdrawnAt">) {
  return mayReadTemplate(actor, t) && !t.withdrawnAt && actor!.id !== t.authorId;
}

/** mayReadTemplate as SQL, for the library list and search. */
export function templateVisibleWhere(actor: Actor | null, audienceColumn: SQLWrapper, withdrawnColumn: SQLWrapper): SQL {
  return sql`(${audienceReadableWhere(actor, audienceColumn)} AND (${withdrawnColumn} IS NULL OR ${moderatableWhere(actor, audienceColumn)}))`;
}
