import type { BodyLimit } from "./body-limit";

export function formatBytes(bytes: number) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&${({ "&": "amp", "<": "lt", ">": "gt", '"': "quot" } as Record<string, string>)[c]};`);

/**
 * The 413 page, written here because the body is refused before Remix runs. It uses the app's
 * stylesheet and GOV.UK header so it looks like any other error page.
 */
export function tooLargePage(limit: BodyLimit, stylesheets: string[]) {
  const what =
    limit.kind === "upload"
      ? `A template file can be up to ${formatBytes(limit.uploadMaxBytes)}. Choose a smaller file, or split the document, and send the form again.`
      : `A form can be up to ${formatBytes(limit.bytes)}. Shorten what you wrote and send it again.`;
  return `<!DOCTYPE html>
<html lang="en" class="govuk-template govuk-template--rebranded">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>Error: The form you sent is too large – Partnering Exchange</title>
${stylesheets.map((href) => `<link rel="stylesheet" href="${escape(href)}">`).join("\n")}
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="govuk-header" role="banner">
<div class="govuk-header__container govuk-width-container">
<div class="govuk-header__logo"><a href="/" class="app-header-name">Partnering Exchange</a></div>
</div>
</header>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content" role="main">
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">The form you sent is too large</h1>
<p class="govuk-body">${escape(what)}</p>
<p class="govuk-body">Nothing you sent has been saved. Use your browser's back button to return to the form.</p>
<p class="govuk-body"><a class="govuk-link" href="/">Go to the home page</a></p>
</div></div>
</main>
</div>
</body>
</html>
`;
}
