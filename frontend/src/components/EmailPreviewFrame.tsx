/**
 * An e-mail's HTML, shown as the recipient's mail program would: in a
 * sandboxed frame, without scripts, without access to the app, its links
 * opening elsewhere.
 */
export function EmailPreviewFrame({ html, title, height = 420 }: { html: string; title: string; height?: number }) {
  return (
    <iframe
      title={title}
      className="email-frame"
      // Nothing of the message runs; links open in a new tab, outside the app.
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      srcDoc={withBaseTarget(html)}
      style={{ width: "100%", height, border: "1px solid #e5e7eb", borderRadius: 4, background: "#fff" }}
    />
  );
}

/** Makes the message's links open in a new tab rather than inside the frame. */
function withBaseTarget(html: string): string {
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => m + base) : base + html;
}
