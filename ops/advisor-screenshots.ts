import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'

/**
 * `npx tsx ops/advisor-screenshots.ts --url http://127.0.0.1:3000 --out docs/advisors`: the screenshots of the
 * advisors' page (docs/advisors.md), taken with Debian's Chromium against `npm start` with a few cases in it.
 */
const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    out: { type: 'string', default: 'docs/advisors' },
  },
})
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
})
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, deviceScaleFactor: 1, locale: 'nl-NL' })
  const shot = (name: string) => page.screenshot({ path: `${values.out}/${name}.png` })
  await page.goto(`${values.url}/advisor/`)
  await page.locator('#dev-advisors button, #dev-advisors a').first().waitFor()
  await shot('1-sign-in')
  await page.locator('#dev-advisors button, #dev-advisors a').filter({ hasText: 'Daan Hoekstra' }).first().click()
  await page.locator('#cases-view').waitFor({ state: 'visible' })
  await page.waitForTimeout(500)
  await shot('2-case-list')
  await page.locator('#cases-view a[href*="/advisor/cases/"]').first().click()
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(500)
  await shot('3-case')
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2))
  await shot('4-case-actions')
} finally {
  await browser.close()
}
