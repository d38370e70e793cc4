/** Pages are numbered from 1; anything else in `?page=` (missing, junk, absurd) means page 1. */
export function pageFrom(url: URL | string) {
  const raw = new URL(url).searchParams.get("page") ?? "";
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 ? n : 1;
}

export function pageCount(total: number, pageSize: number) {
  return Math.max(1, Math.ceil(total / pageSize));
}
