/**
 * The one definition of the protective headers of every page and answer: CloudFront's response headers policies
 * (lib/constructs/public-site.ts), the Lambdas' responses (functions/http/responses.ts) and the local runtime's
 * pages (local/stack.ts) all take them from here, so a page is protected the same way locally and in AWS.
 */

/** Scripts and styles from the site itself only: no inline script, no eval, no framing, no foreign form targets. */
const SITE_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
] as const

export const CONTENT_SECURITY_POLICY = SITE_DIRECTIVES.join('; ')

/**
 * The workspace pages' policy: the site's, plus `connect-src` for the Cognito domain, whose token endpoint the list
 * page calls to finish the sign-in (authorize and logout are navigations, which CSP does not govern).
 */
export const advisorContentSecurityPolicy = (signInUrl: string) =>
  SITE_DIRECTIVES.flatMap((directive) =>
    directive.startsWith('img-src') ? [directive, `connect-src 'self' ${signInUrl}`] : [directive],
  ).join('; ')

/** Two years, subdomains included (CloudFront's policy and the Lambdas' answers). */
export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60

/**
 * On every page and answer. `no-referrer`: action links carry tokens and the workspace's addresses carry references,
 * which a Referer would hand to any other site.
 */
export const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const

/** HTTPS only, from the first answer on (browsers ignore it over the local runtime's plain HTTP). */
export const STRICT_TRANSPORT_SECURITY = `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`
