/**
 * Which of the 43 forces or their commissioner offices a notice's buyer is: by an identifier an
 * earlier import recorded, then by name. Names match only in the forms buyers publish under
 * ("Kent Police", "Office of the Police and Crime Commissioner for Kent", "Kent PCC"), never
 * loosely: "The Metropolitan Police Federation" is not the Metropolitan Police, so the person
 * chooses.
 */
import type { Party } from "./map";

export type PolicingOrganisation = { id: number; slug: string; name: string; kind: "force" | "commissioner" };

/** Lower case, "&" as "and", no "the", no brackets or punctuation, single spaces. */
export function normaliseName(name: string) {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/&apos;|['’]/g, "")
    .replace(/&amp;|&/g, " and ")
    .replace(/\([^)]*\)/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .replace(/\bthe\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const FORCE_SUFFIX = / (police service|constabulary|police)$/i;

/** Every normalised name a force or commissioner office is published under. */
export function namesOf(org: PolicingOrganisation, all: readonly PolicingOrganisation[]): string[] {
  const names = [org.name];
  const forceSlug = org.kind === "force" ? org.slug : org.slug.replace(/-pcc$/, "");
  const force = all.find((o) => o.kind === "force" && o.slug === forceSlug);
  const area = force ? force.name.replace(FORCE_SUFFIX, "") : null;
  if (area && org.kind === "force") names.push(`${area} Police`, `${area} Constabulary`, `${area} Police Service`, `${area} Police Force`, `Chief Constable of ${area}`, `Chief Constable of ${area} Police`, `Chief Constable of ${area} Constabulary`);
  if (area && org.kind === "commissioner") {
    for (const office of ["Police and Crime Commissioner", "Police, Fire and Crime Commissioner", "Police Fire and Crime Commissioner"]) {
      names.push(`${office} for ${area}`, `Office of the ${office} for ${area}`, `${area} ${office}`, `Office of the ${area} ${office}`);
    }
    names.push(`${area} PCC`, `${area} OPCC`, `OPCC for ${area}`, `${area} PFCC`, `${area} Office of the Police and Crime Commissioner`);
  }
  return [...new Set(names.map(normaliseName))];
}

export type Identifiers = ReadonlyMap<string, number>;
export const identifierKey = (scheme: string, id: string) => `${scheme.toUpperCase()}/${id}`;

/** The organisation the buyer is, or null when the person must choose. */
export function matchBuyer(buyer: Party | null, orgs: readonly PolicingOrganisation[], identifiers: Identifiers): PolicingOrganisation | null {
  if (!buyer) return null;
  if (buyer.scheme && buyer.identifier) {
    const id = identifiers.get(identifierKey(buyer.scheme, buyer.identifier));
    const found = orgs.find((o) => o.id === id);
    if (found) return found;
  }
  if (!buyer.name) return null;
  const wanted = normaliseName(buyer.name);
  return orgs.find((o) => namesOf(o, orgs).includes(wanted)) ?? null;
}
