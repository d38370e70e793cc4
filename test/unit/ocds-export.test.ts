import { describe, expect, test } from "vitest";
import { partnershipRelease, recordPackage, type ExportPartnership } from "../../app/lib/ocds/export";
import { mapProcess } from "../../app/lib/ocds/map";
import { compileReleases } from "../../app/lib/ocds/merge";
import { recordPackageProblems } from "../../app/lib/ocds/validate.server";
import { comparisonRows } from "../../app/lib/comparison";

const base: ExportPartnership = {
  ocid: "ocds-pxchng-southwest-one",
  slug: "southwest-one",
  name: "Southwest One",
  summary: null,
  status: "terminated",
  procurementLaunched: "2007",
  contractSigned: "2007-12",
  serviceStart: "2008-01-01",
  serviceEnd: null,
  termYears: 10,
  contractValuePence: 18_500_000_000,
  updatedAt: new Date("2026-12-01T10:00:00Z"),
  latestRevisionId: 3,
  forces: [{ id: 1, name: "Avon and Somerset Constabulary", identifier: null }],
  suppliers: [{ id: 2, name: "IBM", identifier: { scheme: "GB-COH", identifier: "00741598" } }],
  notice: {},
  savings: [{ id: 7, kind: "reported", amountPence: null, percentLow: 30, percentHigh: 40, period: null, reportedBy: "prospectus", evidence: "supplier_estimate", note: null }],
  kpis: [{ id: 4, name: "Payroll accuracy", description: null, ratings: [] }],
  events: [{ date: "2007-12", what: "Contract signed" }],
  sources: [{ citation: "Audit Commission (2010)", url: null }],
};

describe("the registry as OCDS", () => {
  test("a year or month is never made a day: OCDS dates only for whole days, the registry's in the extension", () => {
    const r = partnershipRelease(base) as Record<string, any>;
    expect(r.tender.tenderPeriod).toBeUndefined();
    expect(r.contracts[0].dateSigned).toBeUndefined();
    expect(r.contracts[0].period).toEqual({ startDate: "2008-01-01T00:00:00Z" });
    expect(r.partnership.dates).toEqual({ procurementLaunched: "2007", contractSigned: "2007-12", serviceStart: "2008-01-01" });
  });

  test("terminated and ended read the same in OCDS, so the registry's status travels in the extension; an unrated KPI keeps its empty list", () => {
    const r = partnershipRelease(base) as Record<string, any>;
    expect(r.contracts[0].status).toBe("terminated");
    expect(r.partnership.status).toBe("terminated");
    expect(r.partnership.savings).toEqual([{ id: "7", kind: "reported", percentage: { low: 30, high: 40 }, reportedBy: "prospectus", evidenceGrade: "supplierEstimate" }]);
    expect(r.partnership.performance).toEqual([{ id: "4", title: "Payroll accuracy", assessments: [] }]);
    expect(r.parties.find((p: { name: string }) => p.name === "IBM").identifier).toEqual({ scheme: "GB-COH", id: "00741598" });
  });

  test("the package validates, and the importer reads back what OCDS holds", () => {
    const pkg = recordPackage([base, { ...base, ocid: "ocds-pxchng-b", slug: "b", status: "in-procurement", suppliers: [] }], { baseUrl: "https://x.example", uri: "https://x.example/p.json", publishedDate: new Date() });
    expect(recordPackageProblems(pkg)).toEqual([]);
    const [release] = pkg.records[1]!.releases as any[];
    expect(mapProcess(compileReleases([release]), [release], null).facts.status).toBe("in-procurement");
    const live = partnershipRelease({ ...base, status: "live", contractSigned: "2007-12-05" }) as any;
    const facts = mapProcess(compileReleases([live]), [live], null).facts;
    expect([facts.status, facts.contractSigned, facts.title]).toEqual(["live", "2007-12-05", "Southwest One"]);
  });
});

describe("a chosen comparison in words", () => {
  test("one row per savings figure; a partnership with none gets one row saying so", () => {
    const p = { slug: "a", name: "A", status: "live" as const, procurementLaunched: null, contractSigned: "2010-06", serviceStart: null, serviceEnd: null, contractValuePence: 100_00, termYears: 2, annualValuePence: 50_00, latestRatings: [] };
    const rows = comparisonRows([
      { ...p, savings: [{ id: 1, kind: "targeted", amountPence: 10_00, percentLow: null, percentHigh: null, period: "2 years", reportedBy: "x", evidence: "audited", note: null, share: "10%", shareOf: "contract value" }] },
      { ...p, name: "B", savings: [], latestRatings: [{ kpi: "K", rating: "inadequate", periodStart: null, periodEnd: "2025", source: "s" }] },
    ]);
    expect(rows).toEqual([
      ["A", "Live", "June 2010", "Not known", "Not known", "£100", "2 years", "£50", "Targeted", "£10", "2 years", "10% of contract value", "x", "Audited", "None recorded"],
      ["B", "Live", "June 2010", "Not known", "Not known", "£100", "2 years", "£50", "None recorded", "", "", "", "", "", "K: Inadequate (to 2025)"],
    ]);
  });
});
