/**
 * Messages shown once after an action ("Your reply is posted"), held in the database against the
 * member's session (issue 14): the page they land on shows it and it is gone, so a reload, a
 * shared link or another member opening the same address shows nothing. A session's messages
 * go with it when it ends.
 */
import { redirect } from "@remix-run/node";
import { eq, inArray } from "drizzle-orm";
import type { Member } from "~/auth/policy/index.server";
import { db } from "../../db/client.server";
import { flashMessages } from "../../db/schema";

/** The latest action's message replaces any still unread: a page says what just happened. */
export function addFlash(member: Pick<Member, "sessionId">, message: string) {
  db().transaction((tx) => {
    tx.delete(flashMessages).where(eq(flashMessages.sessionId, member.sessionId)).run();
    tx.insert(flashMessages).values({ sessionId: member.sessionId, message }).run();
  });
}

/**
 * Removes the waiting messages the header read (with the unread count, in one statement) and
 * returns their texts; usually there are none and nothing is written.
 */
export function takeFlash(waiting: [id: number, message: string][]): string[] {
  if (waiting.length === 0) return [];
  db().delete(flashMessages).where(inArray(flashMessages.id, waiting.map(([id]) => id))).run();
  return waiting.map(([, message]) => message);
}

/** Redirects after a successful form, with a message for the next page this session shows. */
export function redirectWithFlash(member: Pick<Member, "sessionId">, to: string, message: string) {
  addFlash(member, message);
  return redirect(to);
}
