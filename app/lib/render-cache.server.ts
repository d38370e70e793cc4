/**
 * Renderings kept in memory, least recently used first out, within a budget of bytes (issue 13).
 * The key is everything the rendering is made from, read from SQLite on every request, so a
 * write changes the key rather than having to find and drop the entry: no write path can forget
 * to invalidate, and each worker process (WEB_CONCURRENCY) keeps its own cache without ever
 * serving another's stale copy.
 */
export class RenderCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(readonly budgetBytes: number) {}

  /** The rendering kept under `key`, or `render()`'s, then kept; `hit` says which. */
  get(key: string, render: () => string): { html: string; hit: boolean } {
    const kept = this.entries.get(key);
    if (kept !== undefined) {
      // Re-inserting moves the entry to the end of the Map's order: the most recently used.
      this.entries.delete(key);
      this.entries.set(key, kept);
      return { html: kept, hit: true };
    }
    const html = render();
    const size = sizeOf(key, html);
    if (size > this.budgetBytes) return { html, hit: false };
    this.entries.set(key, html);
    this.bytes += size;
    for (const [oldKey, oldHtml] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= sizeOf(oldKey, oldHtml);
    }
    return { html, hit: false };
  }

  get size() {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

/** Two bytes a character: V8 keeps any string with a character past Latin-1 (" · ") that way. */
function sizeOf(key: string, html: string) {
  return 2 * (key.length + html.length);
}
