/** URL-safe, lower-case, hyphenated; "shared service / collaboration" → "shared-service-collaboration". */
export function slugify(text: string, maxLength = 80) {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/, "");
}
