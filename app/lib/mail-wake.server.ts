/**
 * The Remix build bundles its own copy of app code, so the routes that queue mail and the sender
 * that server.ts starts are different module instances in one process. A process-wide symbol
 * joins them: queueing wakes the local sender at once instead of at its next poll.
 */
const WAKE = Symbol.for("partnering-exchange.mail-sender.wake");
type Holder = { [WAKE]?: () => void };

export function onMailQueued(wake: (() => void) | undefined) {
  (globalThis as Holder)[WAKE] = wake;
}

/** Called inside the queueing transaction; runs after it has committed (or rolled back, harmlessly). */
export function wakeMailSender() {
  setImmediate(() => (globalThis as Holder)[WAKE]?.());
}
