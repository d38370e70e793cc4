import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { loadNewBuildOnChange } from "./lib/build-change";

// The build this tab runs: Remix's manifest, written into the page, names it.
loadNewBuildOnChange(() => (window as unknown as { __remixManifest: { version: string } }).__remixManifest.version);

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
