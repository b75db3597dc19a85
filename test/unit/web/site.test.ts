import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isBrowserScript } from '../../../web/bundle.ts'
import { siteAssetsDir, sitePages } from '../../../web/site.ts'
import { inlineCodeProblems, tags } from '../views/html-checks.ts'

describe('Site: static pages and assets', () => {
  const pages = sitePages()

  it('has the Dutch form at index.html and the English one at en/index.html', () => {
    const byPath = new Map(pages.map((page) => [page.path, page.html]))
    expect(byPath.get('index.html')).toContain('<html lang="nl">')
    expect(byPath.get('en/index.html')).toContain('<html lang="en">')
    expect(new Set(pages.map((page) => page.path)).size).toBe(pages.length)
    for (const page of pages) expect(page.path.startsWith('/')).toBe(false)
  })

  it('serves its assets from one absolute folder', () => {
    expect(isAbsolute(siteAssetsDir)).toBe(true)
    for (const file of ['styles.css', 'rotterdam-tokens.css', 'advisor.css', 'favicon.svg']) {
      expect(existsSync(join(siteAssetsDir, file)), file).toBe(true)
    }
  })

  it('refers only to assets that exist, on our own origin', () => {
    for (const page of pages) {
      expect(inlineCodeProblems(page.html), page.path).toEqual([])
      for (const tag of tags(page.html)) {
        for (const attr of ['href', 'src', 'action']) {
          const value = tag.attrs[attr]
          if (value === undefined) continue
          // Links may also call (112, 0900-8844, MAR's number) or write to MAR's intake address.
          const local =
            tag.name === 'a' && attr === 'href' ? /^(\/(?!\/)|#|tel:\+?\d+$|mailto:[^/?#]+$)/ : /^(\/(?!\/)|#)/
          expect(value, `${page.path}: ${tag.source}`).toMatch(local)
          if (value.startsWith('/assets/')) {
            const asset = value.slice(8)
            expect(isBrowserScript(asset) || existsSync(join(siteAssetsDir, asset)), value).toBe(true)
          }
        }
      }
    }
  })

  it('loads no third-party fonts, styles or scripts from the assets', () => {
    const css = ['styles.css', 'rotterdam-tokens.css'].map((file) => readFileSync(join(siteAssetsDir, file), 'utf8'))
    for (const sheet of css) {
      expect(sheet).not.toMatch(/@import|@font-face|url\(/)
    }
    // The scripts: test/unit/web/bundle.test.ts (no address, import or code sink in the bundles) and
    // test/unit/browser/request-form.test.ts (the form posts to /api/requests with a random Idempotency-Key).
  })

  it('keeps the Rotterdam design tokens with their licence and attribution', () => {
    const tokens = readFileSync(join(siteAssetsDir, 'rotterdam-tokens.css'), 'utf8')
    expect(tokens).toMatch(/@license/)
    expect(tokens).toMatch(/Gemeente Rotterdam/)
    expect(tokens).toMatch(/rotterdam-design-tokens/)
    expect(tokens).toContain('--rotterdam-color-base-green')
  })
})
