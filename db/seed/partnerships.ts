import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { EVIDENCE_GRADES } from "../../app/lib/fixed-lists";
import { projectRoot } from "../../app/lib/project-root.server";

const DATA = path.join(projectRoot(import.meta.url), "db", "seed", "data");

/** The shape of data/partnerships.json (copied from shared/data): facts with their sources. */
const Saving = z.object({
  amount: z.number().nullable().optional(),
  percent: z.string().nullable().optional(),
  over: z.string().nullable().optional(),
  kind: z.enum(["targeted", "reported"]),
  note: z.string().nullable().optional(),
  reported_by: z.string(),
  evidence: z.enum(EVIDENCE_GRADES),
});
const Partnership = z.object({
  slug: z.string(),
  name: z.string(),
  forces: z.array(z.string()),
  commissioner_bodies: z.array(z.string()),
  suppliers: z.array(z.string()),
  type: z.string(),
  service_areas: z.array(z.string()),
  status: z.enum(["planning", "in procurement", "live", "ended", "terminated"]).nullable(),
  procurement_launched: z.string().nullable(),
  contract_signed: z.string().nullable(),
  service_start: z.string().nullable(),
  service_end: z.string().nullable(),
  term_years: z.number().int().nullable(),
  contract_value: z.number().nullable(),
  contract_value_note: z.string().nullable().optional(),
  staff_transferred: z.string().nullable().optional(),
  summary: z.string().nullable().optional(),
  savings: z.array(Saving),
  events: z.array(z.object({ date: z.string(), what: z.string() })),
  sources: z.array(z.string()),
});
export type PartnershipFacts = z.infer<typeof Partnership>;

export function readPartnershipFacts(): PartnershipFacts[] {
  const raw = JSON.parse(readFileSync(path.join(DATA, "partnerships.json"), "utf8"));
  return z.object({ partnerships: z.array(Partnership) }).parse(raw).partnerships;
}

/** "30-40" → [30, 40]; "25" → [25, 25]. */
export function parsePercent(text: string | null | undefined): [number, number] | [null, null] {
  if (!text) return [null, null];
  const [low, high = low] = text.split("-").map((p) => Number(p.trim()));
  return [low!, high!];
}

export function readForces(): { slug: string; name: string }[] {
  const lines = readFileSync(path.join(DATA, "forces.csv"), "utf8").trim().split(/\r?\n/).slice(1);
  return lines.map((line) => {
    const match = /^([^,]+),"?(.*?)"?$/.exec(line);
    if (!match) throw new Error(`forces.csv: cannot read line ${line}`);
    return { slug: match[1]!, name: match[2]! };
  });
}
