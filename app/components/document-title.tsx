import { isRouteErrorResponse, useMatches, useRouteError } from "@remix-run/react";
import { useContext } from "react";
import { UNSAFE_DataRouterStateContext } from "react-router";
import { SERVICE_NAME, type TitleHandle } from "~/lib/meta";

function errorTitle(error: unknown) {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return "Page not found";
    if (error.status === 403) return "You cannot do that";
    if (error.status < 500) return "Sorry, there is a problem with this request";
  }
  return "Sorry, there is a problem with the service";
}

/** True when any route's action answered with field errors for the form on this page. */
function useFormHasErrors() {
  const state = useContext(UNSAFE_DataRouterStateContext);
  return Object.values(state?.actionData ?? {}).some(
    (d) => typeof d === "object" && d !== null && "errors" in d && Object.keys((d as { errors: object }).errors ?? {}).length > 0,
  );
}

export function DocumentTitle() {
  const matches = useMatches();
  const error = useRouteError();
  const hasErrors = useFormHasErrors();
  let title = SERVICE_NAME;
  if (error) title = `${errorTitle(error)} – ${SERVICE_NAME}`;
  else {
    const match = [...matches].reverse().find((m) => (m.handle as TitleHandle | undefined)?.title);
    const handle = match?.handle as TitleHandle | undefined;
    const page = handle ? (typeof handle.title === "function" ? handle.title(match!.data) : handle.title) : null;
    if (page) title = `${hasErrors ? "Error: " : ""}${page} – ${SERVICE_NAME}`;
  }
  return <title>{title}</title>;
}
