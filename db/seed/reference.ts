import type { OrganisationKind, Audience, Vocabulary } from "../../app/lib/fixed-lists";

/** The reference vocabularies of DESIGN.md, in display order. */
export const VOCABULARY_TERMS: Record<Vocabulary, string[]> = {
  partnership_type: [
    "major business partnering",
    "custody partnering",
    "consultancy support",
    "joint venture",
    "shared service / collaboration",
  ],
  service_area: [
    "control room and call handling",
    "custody",
    "criminal justice and case files",
    "forensic medical services",
    "HR",
    "payroll",
    "finance",
    "procurement",
    "ICT",
    "fleet",
    "estates and facilities",
    "training",
    "vetting and identity",
    "other",
  ],
  lesson_phase: [
    "business case",
    "procurement",
    "contract and mobilisation",
    "operation and change control",
    "exit and re-procurement",
  ],
  template_category: [
    "market engagement",
    "delivery model assessment",
    "business case and should-cost model",
    "specification",
    "evaluation criteria",
    "contract terms and schedules",
    "KPIs and service credits",
    "pricing and payment",
    "risk allocation",
    "benchmarking clause",
    "change control",
    "supplier financial standing and resolution planning",
    "exit and transition plan",
    "due diligence",
  ],
};

export const NATIONAL_BODIES: { slug: string; name: string; kind: OrganisationKind }[] = [
  { slug: "home-office", name: "Home Office", kind: "national" },
  { slug: "hmicfrs", name: "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services", kind: "national" },
  { slug: "college-of-policing", name: "College of Policing", kind: "national" },
  { slug: "national-audit-office", name: "National Audit Office", kind: "national" },
  { slug: "bluelight-commercial", name: "BlueLight Commercial", kind: "national" },
];

export const SPACES: { slug: string; name: string; description: string; audience: Audience }[] = [
  {
    slug: "open-discussions",
    name: "Open discussions",
    description: "Questions and discussions open to every member, suppliers included.",
    audience: "members",
  },
  {
    slug: "ict-and-digital",
    name: "ICT and digital",
    description: "Systems, data, cloud and digital services: specifying, buying and running them.",
    audience: "members",
  },
  {
    slug: "control-rooms-and-custody",
    name: "Control rooms and custody",
    description: "Call handling, control rooms, custody suites and forensic medical services.",
    audience: "members",
  },
  {
    slug: "chiefs-and-pccs",
    name: "Chiefs and PCCs",
    description: "For the policing side only: chief officers, commissioners and national bodies.",
    audience: "policing",
  },
  {
    slug: "commercial-and-procurement",
    name: "Commercial and procurement",
    description: "For the policing side only: procurement strategy, evaluation and contract management.",
    audience: "policing",
  },
];

/**
 * Governance bodies that are not a PCC: a mayor holds the policing functions in these areas.
 * Everywhere else the commissioner office is named "<area> PCC office".
 */
export const COMMISSIONER_OFFICE_NAMES: Record<string, string> = {
  metropolitan: "Mayor's Office for Policing and Crime (London)",
  "city-of-london": "City of London Police Authority Board",
  "greater-manchester": "Greater Manchester mayor's policing office",
  "west-yorkshire": "West Yorkshire mayor's policing office",
  "south-yorkshire": "South Yorkshire mayor's policing office",
  "north-yorkshire": "York and North Yorkshire mayor's policing office",
};
