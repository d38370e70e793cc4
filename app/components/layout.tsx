import { Form, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { HeaderSearch } from "./search-form";
import { SuccessNotice } from "./form";
import { AppLink } from "./app-link";

export type HeaderMember = {
  name: string;
  handle: string;
  unreadNotifications: number;
  isModerator: boolean;
  isAdministrator: boolean;
  /** Posts with open reports the member may moderate; 0 for everyone else. */
  openReports: number;
  /** Accounts waiting for an administrator; 0 for everyone else. */
  pendingApprovals: number;
  /** Messages left for this session by the action that led here, shown once. */
  flash: string[];
};

/** "Reports (3)", with the count's meaning spelt out for screen readers. */
function Counted({ to, label, count, what }: { to: string; label: string; count: number; what: string }) {
  return (
    <AppLink to={to}>
      {label}
      {count > 0 ? <> ({count}<span className="govuk-visually-hidden"> {what}</span>)</> : null}
    </AppLink>
  );
}

const SECTIONS = [
  { to: "/spaces", label: "Forum" },
  { to: "/partnerships", label: "Partnerships" },
  { to: "/lessons", label: "Lessons" },
  { to: "/library", label: "Library" },
  { to: "/search", label: "Search" },
];

export function SkipLink() {
  return (
    <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
      Skip to main content
    </a>
  );
}

/**
 * The GOV.UK header with service navigation. On a phone, once JavaScript runs, the sections and
 * account links fold behind a Menu button (the GOV.UK service navigation pattern, issue 14 item 14);
 * without JavaScript, or from tablet width up, everything shows. The header container wraps, so
 * another block (a search form) can sit between the service name and the account links.
 */
export function Header({ member }: { member: HeaderMember | null }) {
  const { pathname } = useLocation();
  const [enhanced, setEnhanced] = useState(false);
  const [open, setOpen] = useState(false);
  useEffect(() => setEnhanced(true), []);
  // A new page closes the menu, as a full page load would.
  useEffect(() => setOpen(false), [pathname]);
  const collapsed = Boolean(member) && enhanced && !open;
  return (
    <div className={collapsed ? "app-menu-closed" : undefined}>
      <header className="govuk-header" role="banner">
        <div className="govuk-header__container govuk-width-container app-header__container">
          <div className="govuk-header__logo">
            <AppLink to="/" className="app-header-name">
              Partnering Exchange
            </AppLink>
            <span className="app-header__tagline govuk-visually-hidden-focusable">
              police and private sector partnerships
            </span>
          </div>
          {member ? <HeaderSearch /> : null}
          {member ? (
            <button
              type="button"
              className="app-header__menu-button"
              aria-controls="navigation app-account"
              aria-expanded={open}
              hidden={!enhanced}
              onClick={() => setOpen((o) => !o)}
            >
              Menu
            </button>
          ) : null}
          <div className="app-header__account" id="app-account">
            {member ? (
              <>
                {member.isModerator ? <AppLink to="/admin">{member.isAdministrator ? "Administration" : "Moderation"}</AppLink> : null}
                {member.pendingApprovals > 0 ? <Counted to="/admin/approvals" label="Approvals" count={member.pendingApprovals} what="waiting" /> : null}
                {member.isModerator ? <Counted to="/admin/flags" label="Reports" count={member.openReports} what="open" /> : null}
                <AppLink to="/notifications">
                  Notifications
                  {member.unreadNotifications > 0 ? ` (${member.unreadNotifications})` : null}
                </AppLink>
                <AppLink to="/settings">{member.name}</AppLink>
                <Form method="post" action="/logout" className="app-inline-form">
                  <button type="submit" className="app-button-link">
                    Sign out
                  </button>
                </Form>
              </>
            ) : (
              <>
                <AppLink to="/login">Sign in</AppLink>
                <AppLink to="/join">Request access</AppLink>
              </>
            )}
          </div>
        </div>
      </header>
      {member ? (
        <section aria-label="Menu" className="govuk-service-navigation" data-module="govuk-service-navigation">
          <div className="govuk-width-container">
            <div className="govuk-service-navigation__container">
              <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                <ul className="govuk-service-navigation__list" id="navigation">
                  {SECTIONS.map((s) => {
                    const isActive = pathname === s.to || pathname.startsWith(`${s.to}/`);
                    return (
                      <li
                        key={s.to}
                        className={`govuk-service-navigation__item${isActive ? " govuk-service-navigation__item--active" : ""}`}
                      >
                        <AppLink className="govuk-service-navigation__link" to={s.to} aria-current={isActive ? "page" : undefined}>
                          {isActive ? <strong className="govuk-service-navigation__active-fallback">{s.label}</strong> : s.label}
                        </AppLink>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            </div>
          </div>
        </section>
      ) : null}
    </div>
  );
}

export function PhaseBanner() {
  return (
    <div className="govuk-phase-banner">
      <p className="govuk-phase-banner__content">
        <strong className="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
        <span className="govuk-phase-banner__text">
          This is a new service. Tell the moderators in <AppLink className="govuk-link" to="/spaces/open-discussions">Open discussions</AppLink> what would make it better.
        </span>
      </p>
    </div>
  );
}

export function Footer() {
  return (
    <footer className="govuk-footer" role="contentinfo">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 className="govuk-visually-hidden">Support links</h2>
            <ul className="govuk-footer__inline-list">
              <li className="govuk-footer__inline-list-item">
                <AppLink className="govuk-footer__link" to="/terms">
                  Terms of use
                </AppLink>
              </li>
              <li className="govuk-footer__inline-list-item">
                <AppLink className="govuk-footer__link" to="/accessibility">
                  Accessibility
                </AppLink>
              </li>
            </ul>
            <p className="govuk-body-s govuk-!-margin-bottom-0">
              Partnering Exchange: where policing learns from police and private sector partnerships. Demo threads,
              lessons and templates are fictional and are marked as such.
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}

/**
 * After a client-side navigation, what a full page load gives a screen reader user (issue 14, item
 * 15, following React Router's accessibility guidance): focus on the new page's heading, from where
 * the next Tab continues, and its title read out. A link to a part of the page (#hash) keeps the
 * browser's own focus.
 */
function RouteAnnouncer() {
  const { pathname, search, hash } = useLocation();
  const [announcement, setAnnouncement] = useState("");
  const previous = useRef<string | null>(null);
  useEffect(() => {
    const page = pathname + search;
    const isFirst = previous.current === null;
    if (previous.current === page) return;
    previous.current = page;
    if (isFirst || hash) return;
    const heading = document.querySelector<HTMLElement>("main h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    // The title element is updated in the same commit; read it once the browser has it.
    const timer = window.setTimeout(() => setAnnouncement(document.title), 50);
    return () => window.clearTimeout(timer);
  }, [pathname, search, hash]);
  return (
    <div className="govuk-visually-hidden" aria-live="polite" aria-atomic="true" id="route-announcer">
      {announcement}
    </div>
  );
}

export function PageShell({ member, children }: { member: HeaderMember | null; children: ReactNode }) {
  return (
    <>
      <RouteAnnouncer />
      <SkipLink />
      <Header member={member} />
      <div className="govuk-width-container">
        <PhaseBanner />
        <main className="govuk-main-wrapper" id="main-content" role="main" tabIndex={-1}>
          {member?.flash.length ? (
            <SuccessNotice>
              {member.flash.map((m) => <p className="govuk-notification-banner__heading" key={m}>{m}</p>)}
            </SuccessNotice>
          ) : null}
          {children}
        </main>
      </div>
      <Footer />
    </>
  );
}
