/**
 * The single-file report must open from file:// with no network: Allure's "awesome" page carries a
 * third-party analytics loader (a <script src="https://…"> and an inline script feeding it) that no option
 * turns off. These remove every element that loads from the network and say what is left.
 */

/** A URL that leaves the machine: http(s)://… or protocol-relative //… */
const REMOTE = /^\s*(?:https?:)?\/\//i;
const ELEMENT_WITH_URL = /<(script|link|img|iframe|source|audio|video|embed|object)\b([^>]*?)\b(src|href|data)\s*=\s*(["'])(.*?)\4([^>]*)>(?:[\s\S]*?<\/\1>)?/gi;
/** An inline script that only exists to drive an analytics loader (gtag / dataLayer). */
const ANALYTICS_INLINE = /<script\b[^>]*>(?:(?!<\/script>)[\s\S])*?\b(?:gtag|dataLayer)\b(?:(?!<\/script>)[\s\S])*<\/script>/gi;

/** Every element of the page that would load something from the network (tag name and URL). */
export function networkLoads(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(ELEMENT_WITH_URL)) {
    const [, tag, , attr, , url] = m;
    if (tag.toLowerCase() === 'a') continue;
    if (REMOTE.test(url)) found.push(`<${tag.toLowerCase()} ${attr}="${url}">`);
  }
  for (const m of html.matchAll(ANALYTICS_INLINE)) found.push(`inline analytics script (${m[0].length} chars)`);
  return found;
}

/** The page without its network loads, and what was removed. */
export function stripNetworkLoads(html: string): { html: string; removed: string[] } {
  const removed = networkLoads(html);
  const out = html
    .replace(ELEMENT_WITH_URL, (whole: string, _tag: string, _a: string, _attr: string, _q: string, url: string) => (REMOTE.test(url) ? '' : whole))
    .replace(ANALYTICS_INLINE, '');
  return { html: out, removed };
}
