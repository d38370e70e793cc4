import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useAppLinks } from "./components/app-link";
import { PageShell, type HeaderMember } from "./components/layout";
import { useNonce } from "./components/nonce";
import { DocumentTitle } from "./components/document-title";
import styles from "./styles/generated.css";
import { getMember } from "./auth/member.server";
import { headerMember } from "./models/header.server";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
  { rel: "stylesheet", href: styles },
];

/**
 * The header's counts and the once-only message belong to every page, so they are read on every
 * navigation, not only after a form: otherwise a message would stay on the pages that follow.
 */
export const shouldRevalidate = () => true;

export async function loader({ request }: LoaderFunctionArgs) {
  return { member: headerMember(await getMember(request)) };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  useAppLinks();
  const data = useRouteLoaderData<typeof loader>("root");
  const member: HeaderMember | null = data?.member ?? null;
  return (
    <html lang="en" className="govuk-template govuk-template--rebranded">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#1d70b8" />
        <DocumentTitle />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <PageShell member={member}>{children}</PageShell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <ErrorPage title="Page not found">
        <p className="govuk-body">If you typed the web address, check it is correct.</p>
        <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
        <p className="govuk-body">
          Some pages are for the policing side only, and some need you to sign in first. You can{" "}
          <a className="govuk-link" href="/">go to the home page</a> or <a className="govuk-link" href="/search">search the exchange</a>.
        </p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <ErrorPage title="You cannot do that">
        <p className="govuk-body">{typeof error.data === "string" && error.data ? error.data : "You do not have permission to do this."}</p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error) && error.status < 500) {
    return (
      <ErrorPage title="Sorry, there is a problem with this request">
        <p className="govuk-body">{typeof error.data === "string" ? error.data : "Check what you sent and try again."}</p>
      </ErrorPage>
    );
  }
  return (
    <ErrorPage title="Sorry, there is a problem with the service">
      <p className="govuk-body">Try again later. Anything you had typed has not been saved.</p>
    </ErrorPage>
  );
}

function ErrorPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{title}</h1>
        {children}
      </div>
    </div>
  );
}
