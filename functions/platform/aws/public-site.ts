import { allowedOriginsOf } from '../../http/same-origin.ts'
import type { PlatformWith } from '../platform.ts'

/** The public URL the pages are served from, and the further origins whose pages may post. */
export function awsPublicSite(environment: {
  PUBLIC_URL: string
  ALLOWED_ORIGINS?: string
}): PlatformWith<'publicUrl' | 'allowedOrigins'> {
  return {
    publicUrl: environment.PUBLIC_URL,
    allowedOrigins: allowedOriginsOf(environment.PUBLIC_URL, environment.ALLOWED_ORIGINS),
  }
}
