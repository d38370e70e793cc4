// The request pacing's queue (server/request-pacing.ts): one request started per turn of the event
// loop, in order; a bounded queue that refuses a flood at once; a visitor gone while waiting is
// never served.
import type { NextFunction, Request, Response } from "express";
import { describe, expect, test } from "vitest";
import { createRequestPacing } from "../../server/request-pacing";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A request whose connection is open or closed, and a response that records what was sent. */
function visit(connectionClosed = false) {
  const sent: { status?: number; headers?: Record<string, string>; body?: string } = {};
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    set(headers: Record<string, string>) {
      sent.headers = headers;
      return res;
    },
    send(body: string) {
      sent.body = body;
      return res;
    },
  };
  return { req: { socket: { destroyed: connectionClosed } } as unknown as Request, res: res as unknown as Response, sent };
}

describe("request pacing", () => {
  test("starts one waiting request per turn, in arrival order", async () => {
    const pace = createRequestPacing({ maxWaiting: 1000 });
    const started: number[] = [];
    for (const n of [1, 2, 3]) pace(visit().req, visit().res, (() => started.push(n)) as NextFunction);
    expect(started).toEqual([]);
    await nextTurn();
    expect(started).toEqual([1]);
    await nextTurn();
    await nextTurn();
    expect(started).toEqual([1, 2, 3]);
  });

  test("a request past the queue's bound is refused at once with 503 and Retry-After, and never started", async () => {
    const pace = createRequestPacing({ maxWaiting: 3 });
    const started: number[] = [];
    const visits = [1, 2, 3, 4, 5].map((n) => {
      const v = visit();
      pace(v.req, v.res, (() => started.push(n)) as NextFunction);
      return v;
    });
    expect(visits.slice(0, 3).map((v) => v.sent.status)).toEqual([undefined, undefined, undefined]);
    for (const refused of visits.slice(3)) {
      expect(refused.sent.status).toBe(503);
      expect(refused.sent.headers?.["Retry-After"]).toBe("1");
      expect(refused.sent.body).toMatch(/busy/);
    }
    for (let i = 0; i < 6; i++) await nextTurn();
    expect(started).toEqual([1, 2, 3]);
    // Once the queue has room again, requests are taken.
    pace(visit().req, visit().res, (() => started.push(6)) as NextFunction);
    await nextTurn();
    expect(started).toEqual([1, 2, 3, 6]);
  });

  test("a request whose visitor hung up while it waited is skipped", async () => {
    const pace = createRequestPacing({ maxWaiting: 1000 });
    const started: string[] = [];
    const gone = visit();
    pace(visit().req, visit().res, (() => started.push("first")) as NextFunction);
    pace(gone.req, gone.res, (() => started.push("gone")) as NextFunction);
    pace(visit().req, visit().res, (() => started.push("third")) as NextFunction);
    (gone.req.socket as { destroyed: boolean }).destroyed = true;
    for (let i = 0; i < 4; i++) await nextTurn();
    expect(started).toEqual(["first", "third"]);
  });
});
