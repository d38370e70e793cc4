import type { NextFunction, Request, Response } from "express";

/**
 * Starts at most one request per turn of the event loop, in arrival order.
 *
 * Node accepts a waiting connection once per turn of its event loop, and a turn runs every request
 * that is ready: at 50 busy connections a turn takes 100–250 ms, so under load a new visitor's
 * first request waited seconds just to be accepted (under `npm run bench` every p99 was the first
 * request of a connection; issue 13). Starting one request per turn keeps each turn to about one
 * page's work, so new connections are accepted and queued behind the requests already waiting,
 * not behind every request the busy connections will send meanwhile. Requests still run
 * concurrently once started (a body upload or a Word conversion does not hold the queue).
 */
export function createRequestPacing() {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  const turn = () => {
    waiting.shift()?.();
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(turn);
  };
  return (_req: Request, _res: Response, next: NextFunction) => {
    waiting.push(next);
    if (!scheduled) {
      scheduled = true;
      setImmediate(turn);
    }
  };
}
