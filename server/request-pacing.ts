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
 *
 * The queue is bounded: past `maxWaiting` a request is answered 503 with Retry-After rather than
 * held in memory behind a flood, and a request whose visitor has gone while it waited is dropped
 * without being run.
 */
export function createRequestPacing({ maxWaiting }: { maxWaiting: number }) {
  const waiting: { req: Request; next: NextFunction }[] = [];
  let scheduled = false;
  const turn = () => {
    let started = waiting.shift();
    // Skip requests whose connection closed while they waited: no one would read the page.
    while (started?.req.socket.destroyed) started = waiting.shift();
    started?.next();
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(turn);
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (waiting.length >= maxWaiting) {
      res.status(503).set({ "Retry-After": "1", "Content-Type": "text/plain; charset=utf-8" }).send("The service is busy. Please try again in a moment.");
      return;
    }
    waiting.push({ req, next });
    if (!scheduled) {
      scheduled = true;
      setImmediate(turn);
    }
  };
}
