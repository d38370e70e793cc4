/**
 * The registry's model on a real database: facet counts equal the results they promise, for
 * every value of every facet, alone and combined; pages of 30; and a page's cost does not grow
 * with the registry.
 */
import { countStatements, demoDatabase, memberFor } from "../helpers/in-process";
import { beforeAll, describe, expect, test } from "vitest";

const db = await demoDatabase("registry");
const registry = await import("~/models/partnerships/index.server");
const { FACETS } = await import("~/lib/registry-query");
type Member = import("~/auth/policy/index.server").Member;
type RegistryFilter = import("~/lib/registry-query").RegistryFilter;

const EMPTY: RegistryFilter = { type: null, area: null, status: null, force: null, supplier: null };
const TYPES = ["major-business-partnering", "custody-partnering", "consultancy-support", "joint-venture", "shared-service-collaboration"];
const AREAS = ["custody", "hr", "ict", "finance", "fleet", "training"];
const FORCES = ["cleveland", "kent", "essex", "durham", "surrey"];
const STATUSES = ["planning", "in-procurement", "live", "ended", "terminated", null] as const;

let chief: Member;
beforeAll(async () => {
  chief = memberFor(db(), "chief@cleveland-police.example");
  // 70 more partnerships spread over types, areas, statuses, forces and suppliers.
  for (let i = 0; i < 70; i++) {
    const result = registry.createPartnership(chief, {
      name: `Generated partnership ${String(i).padStart(2, "0")}`,
      summary: null,
      typeSlug: TYPES[i % TYPES.length]!,
      status: STATUSES[i % STATUSES.length]!,
      serviceAreaSlugs: [AREAS[i % AREAS.length]!, AREAS[(i * 7 + 3) % AREAS.length]!].filter((a, j, all) => all.indexOf(a) === j),
      forceSlugs: [FORCES[i % FORCES.length]!, ...(i % 4 === 0 ? ["cleveland"] : [])].filter((f, j, all) => all.indexOf(f) === j),
      supplierNames: i % 3 === 0 ? [] : [`Supplier ${i % 5}`, ...(i % 6 === 1 ? ["Steria"] : [])],
      procurementLaunched: null,
      contractSigned: i % 5 === 0 ? null : `${2000 + (i % 20)}-${String((i % 12) + 1).padStart(2, "0")}`,
      serviceStart: null,
      serviceEnd: null,
      termYears: i % 2 ? 5 + (i % 6) : null,
      contractValuePence: i % 4 === 0 ? null : (i + 1) * 1_000_000_00,
      contractValueNote: null,
      staffTransferred: null,
      commissionerBodies: null,
    });
    if (!result.ok) throw new Error(result.reason);
  }
});

/** Every partnership the filter matches, across all pages. */
function allMatching(filter: RegistryFilter) {
  const first = registry.listRegistry({ filter, sort: "signed" }, 1);
  const pages = Math.ceil(first.total / registry.REGISTRY_PAGE_SIZE);
  const rows = [...first.rows];
  for (let p = 2; p <= pages; p++) rows.push(...registry.listRegistry({ filter, sort: "signed" }, p).rows);
  return { total: first.total, rows };
}

describe("facet counts", () => {
  test("each value's count equals the results with that value chosen", () => {
    const facets = registry.registryFacets(EMPTY);
    let checked = 0;
    for (const f of FACETS) {
      for (const option of facets[f]) {
        const { total, rows } = allMatching({ ...EMPTY, [f]: option.value });
        expect(total, `${f}=${option.value}`).toBe(option.count);
        expect(rows, `${f}=${option.value}`).toHaveLength(option.count);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  test("under a filter, each other facet's counts equal the results of adding that value", () => {
    for (const base of [{ ...EMPTY, force: "cleveland" }, { ...EMPTY, type: "custody-partnering", status: "live" }, { ...EMPTY, area: "ict", supplier: "steria" }]) {
      const facets = registry.registryFacets(base);
      for (const f of FACETS) {
        for (const option of facets[f]) {
          expect(allMatching({ ...base, [f]: option.value }).total, `${JSON.stringify(base)} + ${f}=${option.value}`).toBe(option.count);
        }
      }
    }
  });

  test("a value nobody has shows zero and matches nothing", () => {
    const facets = registry.registryFacets({ ...EMPTY, supplier: "no-such-supplier" });
    expect(facets.supplier.find((o) => o.value === "no-such-supplier")).toEqual({ value: "no-such-supplier", label: "no-such-supplier", count: 0 });
    expect(registry.listRegistry({ filter: { ...EMPTY, supplier: "no-such-supplier" }, sort: "signed" }, 1).total).toBe(0);
  });
});

describe("pages and order", () => {
  test("pages hold 30, in order, with nothing lost or repeated", () => {
    const { total, rows } = allMatching(EMPTY);
    expect(total).toBe(76);
    expect(registry.listRegistry({ filter: EMPTY, sort: "signed" }, 1).rows).toHaveLength(30);
    expect(registry.listRegistry({ filter: EMPTY, sort: "signed" }, 3).rows).toHaveLength(16);
    expect(new Set(rows.map((r) => r.id)).size).toBe(76);
    const signed = rows.map((r) => r.contractSigned);
    const known = signed.filter((s): s is string => s !== null);
    expect(signed.slice(0, known.length)).toEqual([...known].sort().reverse());
    expect(signed.slice(known.length).every((s) => s === null)).toBe(true);
  });

  test("value order is largest first, unknown last, on every page", () => {
    const values = [1, 2, 3].flatMap((p) => registry.listRegistry({ filter: EMPTY, sort: "value" }, p).rows.map((r) => r.contractValuePence));
    const known = values.filter((v): v is number => v !== null);
    expect(values.slice(0, known.length)).toEqual([...known].sort((a, b) => b - a));
    expect(values.slice(known.length).every((v) => v === null)).toBe(true);
  });

  test("a registry page and its facets run a fixed number of statements, whatever the page or filter", () => {
    const page = (p: number, filter: RegistryFilter) => () => {
      registry.listRegistry({ filter, sort: "value" }, p);
      registry.registryFacets(filter);
    };
    const a = countStatements(db(), page(1, EMPTY));
    expect(a).toBeGreaterThan(0);
    expect(countStatements(db(), page(3, EMPTY))).toBe(a);
    expect(countStatements(db(), page(1, { ...EMPTY, force: "cleveland", area: "ict" }))).toBe(a);
  });
});
