import type { Visitor } from "./http";

const decode = (s: string) => s.replace(/&amp;/g, "&").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">");

/** A partnership edit form's current values, as the browser would send them back with intent=facts. */
export async function partnershipEditForm(v: Visitor, slug: string) {
  const res = await v.get(`/partnerships/${slug}/edit`);
  if (res.status !== 200) throw new Error(`edit form of ${slug} answered ${res.status}`);
  const html = await res.text();
  const form = new URLSearchParams({ intent: "facts" });
  const factsForm = /<input type="hidden" name="intent" value="facts"\/>([\s\S]*?)<\/form>/.exec(html)![1]!;
  for (const m of factsForm.matchAll(/<input[^>]*>/g)) {
    const tag = m[0];
    const name = /name="([^"]+)"/.exec(tag)?.[1];
    const value = decode(/value="([^"]*)"/.exec(tag)?.[1] ?? "");
    if (!name || name === "intent") continue;
    if (/type="(radio|checkbox)"/.test(tag)) {
      if (/checked=""/.test(tag)) form.append(name, value);
    } else form.append(name, value);
  }
  for (const m of factsForm.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) form.append(m[1]!, decode(m[2]!));
  return form;
}

/** Sets a partnership's status through its edit form, as its editor would. */
export async function setPartnershipStatus(v: Visitor, slug: string, status: string) {
  const form = await partnershipEditForm(v, slug);
  form.set("status", status);
  const res = await v.post(`/partnerships/${slug}/edit`, form);
  if (res.status !== 302) throw new Error(`setting ${slug} to ${status} answered ${res.status}\n${(await res.text()).slice(0, 500)}`);
}
