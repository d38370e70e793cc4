import type { OrganisationKind, SiteRole } from "../../app/lib/fixed-lists";

/** Demo data only: listed in the README, never present when DEMO_DATA=0. */
export const DEMO_PASSWORD = "exchange-demo-1";

/**
 * Moderators and administrators must use two-factor authentication. The demo ones share this
 * published key (add it to any authenticator app); it is demo data, like the password.
 */
export const DEMO_TOTP_KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

export const DEMO_ORGANISATIONS: { slug: string; name: string; kind: OrganisationKind; isDemo?: boolean }[] = [
  { slug: "partnering-exchange-team", name: "Partnering Exchange team (demo)", kind: "national" },
];

export const DEMO_ACCOUNTS: {
  email: string;
  handle: string;
  name: string;
  jobTitle: string;
  organisation: string;
  role: SiteRole;
  verifiedDomain: boolean;
}[] = [
  { email: "admin@example.org", handle: "demo-admin", name: "Alex Admin (demo)", jobTitle: "Service administrator", organisation: "partnering-exchange-team", role: "administrator", verifiedDomain: false },
  { email: "moderator@example.org", handle: "demo-moderator", name: "Morgan Moderator (demo)", jobTitle: "Community moderator", organisation: "partnering-exchange-team", role: "moderator", verifiedDomain: false },
  { email: "chief@cleveland-police.example", handle: "demo-chief", name: "Casey Chief (demo)", jobTitle: "Deputy Chief Constable", organisation: "cleveland", role: "member", verifiedDomain: true },
  { email: "pcc@cleveland-pcc.example", handle: "demo-pcc", name: "Pat Commissioner (demo)", jobTitle: "Chief Executive, PCC office", organisation: "cleveland-pcc", role: "member", verifiedDomain: true },
  { email: "lead@homeoffice.example", handle: "demo-home-office", name: "Lee Lead (demo)", jobTitle: "Policing commercial lead", organisation: "home-office", role: "member", verifiedDomain: true },
  { email: "supplier@steria.example", handle: "demo-supplier", name: "Sam Supplier (demo)", jobTitle: "Account director", organisation: "steria", role: "member", verifiedDomain: true },
];
