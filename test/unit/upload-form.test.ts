/**
 * The multipart reader behind the upload routes: names with "=" or ";" are read and sanitised
 * (issue 11); limits still cut short a file or field far over them, keeping what came before.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";

process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "exchange-upload-form-"));
delete process.env.BASE_URL;

const { parseUploadForm, uploadProblem } = await import("~/forms/upload-form.server");
const { releaseUpload } = await import("~/lib/storage.server");

function post(form: FormData | string, contentType?: string) {
  return new Request("http://localhost/upload", { method: "POST", body: form, headers: contentType ? { "content-type": contentType } : undefined });
}

/** The form as a browser sends it over a network: in 16 KB pieces, not one buffer. */
async function postInPieces(form: FormData) {
  const encoded = new Response(form);
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += 16 * 1024)));
    },
  });
  return new Request("http://localhost/upload", { method: "POST", body, headers: { "content-type": encoded.headers.get("content-type")! }, duplex: "half" } as RequestInit);
}

const withFile = (name: string, bytes: Uint8Array<ArrayBuffer> | string, before: Record<string, string> = { title: "Kept title" }) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(before)) form.append(k, v);
  form.append("file", new Blob([bytes]), name);
  return form;
};

describe("parseUploadForm", () => {
  test.each([
    ["a=b.docx", "a=b.docx"],
    ["a;b.txt", "a_b.txt"],
    ['quote".txt', "quote%22.txt"],
    ["Évaluation (final).txt", "Évaluation (final).txt"],
  ])("a file called %s is saved as %s", async (sent, stored) => {
    const upload = await parseUploadForm(post(withFile(sent, "text\n")));
    expect(upload.failure).toBeNull();
    expect(upload.file).toMatchObject({ status: "saved", clientFilename: stored, size: 5 });
    expect(upload.values.get("title")).toEqual(["Kept title"]);
    if (upload.file.status === "saved") releaseUpload(upload.file.sha256, () => false);
  });

  test("a file over the limit is not stored; far over it, the form stops there but keeps the fields before it", async () => {
    const over = await parseUploadForm(post(withFile("big.txt", "x".repeat(2000))), { maxBytes: 1000 });
    expect(over.file).toEqual({ status: "too_large", clientFilename: "big.txt" });
    const far = await parseUploadForm(await postInPieces(withFile("big.txt", "x".repeat(1024 * 1024))), { maxBytes: 1000 });
    expect(far.failure).toBe("too_large");
    expect(far.values.get("title")).toEqual(["Kept title"]);
    expect(uploadProblem(far)?.status).toBe(413);
  });

  test("a field a little over its limit is cut; far over, the form is malformed", async () => {
    const little = await parseUploadForm(post(withFile("a.txt", "a", { title: "t".repeat(150) })), { maxFieldBytes: 100 });
    expect(little.values.get("title")).toEqual(["t".repeat(100)]);
    const far = await parseUploadForm(post(withFile("a.txt", "a", { title: "t".repeat(1000) })), { maxFieldBytes: 100 });
    expect(far.failure).toBe("malformed");
  });

  test("an empty file input, too many parts, and a body that is not multipart", async () => {
    expect((await parseUploadForm(post(withFile("", "")))).file).toEqual({ status: "missing" });
    const many = new FormData();
    for (let i = 0; i < 20; i++) many.append(`f${i}`, "x");
    expect((await parseUploadForm(post(many), { maxParts: 10 })).failure).toBe("malformed");
    expect((await parseUploadForm(post("--x\r\nnot a part", "multipart/form-data; boundary=x"))).failure).toBe("malformed");
    expect((await parseUploadForm(post("title=t", "application/x-www-form-urlencoded"))).file).toEqual({ status: "missing" });
    expect((await parseUploadForm(post("x", "text/plain"))).failure).toBe("malformed");
  });
});
