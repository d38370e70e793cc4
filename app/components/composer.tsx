import { useEffect, useRef, useState, type RefObject } from "react";

/** How long typing must pause before the draft is saved. */
const SAVE_AFTER_MS = 800;

/**
 * Saves the form's draft to /drafts as the member types (debounced), and says so in a polite
 * live region. Without JavaScript the form's "Save draft" button does the same (issue 14, item 3).
 * `target` names where the draft belongs: `discussionId` or `spaceSlug`.
 */
export function useDraftAutosave(form: RefObject<HTMLFormElement | null>, target: Record<string, string>, fields: string[]) {
  const [status, setStatus] = useState("");
  const targetKey = JSON.stringify(target);
  useEffect(() => {
    const element = form.current;
    if (!element) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const save = () => {
      const data = new FormData();
      data.set("intent", "save");
      for (const [k, v] of Object.entries(JSON.parse(targetKey) as Record<string, string>)) data.set(k, v);
      const current = new FormData(element);
      for (const f of fields) data.set(f, String(current.get(f) ?? ""));
      fetch("/drafts", { method: "POST", body: data, headers: { accept: "application/json" } })
        .then((res) => setStatus(res.ok ? "Draft saved" : ""))
        .catch(() => setStatus(""));
    };
    const onInput = (event: Event) => {
      if (!(event.target instanceof HTMLElement) || !fields.includes((event.target as HTMLInputElement).name)) return;
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_AFTER_MS);
    };
    element.addEventListener("input", onInput);
    return () => {
      clearTimeout(timer);
      element.removeEventListener("input", onInput);
    };
  }, [form, targetKey, fields]);
  return status;
}

// focusout: leaving the box is the last word on its cursor. Without it, a "select" event queued
// before typing could arrive last and put the next quote at the start (writing.test.ts, about one
// run in three on 2026-12-03).
const REMEMBER_ON = ["input", "keyup", "click", "select", "focusout"] as const;

/**
 * Quote links (`a[data-quote-post]`) insert at the cursor of the reply box instead of loading the
 * page again: the words selected in that post, or the whole post, with attribution; what was
 * typed stays, and quotes can follow one another (issue 14, item 2). Without JavaScript the link
 * loads the page with the quote after the draft.
 */
export function useQuoteAtCursor(textareaId: string) {
  const lastCursor = useRef<number | null>(null);
  useEffect(() => {
    const box = () => document.getElementById(textareaId) as HTMLTextAreaElement | null;
    // Only the box's own events: once the member selects words in a post, the box's cursor is no longer reliable.
    const remember = (event: Event) => {
      const t = box();
      if (t && event.target === t) lastCursor.current = t.selectionStart;
    };
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.("a[data-quote-post]");
      const textarea = box();
      if (!link || !textarea || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      const postId = link.getAttribute("data-quote-post")!;
      const article = link.closest("article");
      const selection = window.getSelection();
      const body = article?.querySelector(".app-post-body");
      const selected = selection && !selection.isCollapsed && body && body.contains(selection.anchorNode) && body.contains(selection.focusNode) ? selection.toString() : "";
      const query = selected ? `?selection=${encodeURIComponent(selected)}` : "";
      fetch(`/posts/${postId}/quote${query}`, { headers: { accept: "application/json" } })
        .then((res) => (res.ok ? (res.json() as Promise<{ markdown: string }>) : null))
        .then((answer) => {
          if (!answer?.markdown) return;
          const at = lastCursor.current ?? textarea.value.length;
          const before = textarea.value.slice(0, at);
          const after = textarea.value.slice(at);
          const lead = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
          textarea.value = before + lead + answer.markdown + after;
          const cursor = (before + lead + answer.markdown).length;
          textarea.focus();
          textarea.setSelectionRange(cursor, cursor);
          lastCursor.current = cursor;
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
        })
        .catch(() => undefined);
    };
    document.addEventListener("click", onClick);
    for (const type of REMEMBER_ON) document.addEventListener(type, remember);
    return () => {
      document.removeEventListener("click", onClick);
      for (const type of REMEMBER_ON) document.removeEventListener(type, remember);
    };
  }, [textareaId]);
}
