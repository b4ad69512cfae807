/** The pages the login callback server shows in the browser. */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:6rem auto;padding:0 1rem;line-height:1.5}</style>
</head>
<body>${body}</body>
</html>
`;
}

export const SUCCESS_PAGE = page(
  "Signed in to Codex",
  "<h1>Signed in to Codex</h1><p>You can close this window and return to your terminal.</p>",
);

export function errorPage(message: string): string {
  return page(
    "Codex Sign-in Error",
    `<h1>Sign-in could not be completed</h1><p>${escapeHtml(message)}</p><p>Return to your terminal to try again.</p>`,
  );
}
