import { randomUUID } from "node:crypto";
import type { Visitor } from "./http";

export async function startThread(visitor: Visitor, space: string, fields: { title: string; body: string; kind?: "question" | "discussion"; serviceAreas?: string[]; partnerships?: string[] }) {
  const form = new URLSearchParams({ kind: fields.kind ?? "question", title: fields.title, body: fields.body, intent: "publish", submissionKey: randomUUID() });
  for (const a of fields.serviceAreas ?? []) form.append("serviceAreas", a);
  for (const p of fields.partnerships ?? []) form.append("partnerships", p);
  const res = await visitor.post(`/spaces/${space}/new`, form);
  if (res.status !== 302) throw new Error(`starting a thread failed: ${res.status}\n${(await res.text()).slice(0, 500)}`);
  const location = res.headers.get("location")!;
  const id = Number(/^\/threads\/(\d+)\//.exec(location)![1]);
  return { id, url: location };
}

export async function reply(visitor: Visitor, threadUrl: string, body: string, submissionKey: string = randomUUID()) {
  return visitor.post(threadUrl, { intent: "reply", body, submissionKey });
}

/** Post ids on a thread page, in page order. */
export function postIds(html: string) {
  return [...html.matchAll(/name="postId" value="(\d+)"/g)].map((m) => Number(m[1]));
}
