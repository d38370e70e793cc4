/**
 * Who may do what: the whole access policy, one file per area. Read these to know the rules;
 * models ask them about the thing at hand and return `may` flags with their data, and list and
 * search queries use the SQL twins, so a count or a snippet never shows what a page would refuse.
 *
 *   rules.server.ts        members, sides of policing, and the basic `can(actor, action)`
 *   content.server.ts      read, start, reply, edit, delete, accept, hide, lock, moderate, widen,
 *                          thread details
 *   library.server.ts      templates: edit, withdraw (moderators still see withdrawn ones)
 *   registry.server.ts     partnerships: read, edit, create, corrections, engagement record
 *   accounts.server.ts     administration, approvals, roles, suspension, spaces, profiles,
 *                          the moderation pages, two-factor for moderators
 *   procurement.server.ts  live procurement: declarations, suppliers linking and unlinking content
 *
 * Remix runs nested loaders in parallel: each loader's model call asks for itself.
 */
export * from "./rules.server";
export * from "./content.server";
export * from "./library.server";
export * from "./registry.server";
export * from "./accounts.server";
export * from "./procurement.server";
