import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activeElementId, launchBrowser, openPage, referenceOn, storedCase } from './support.ts'

interface Focused {
  id: string
  tag: string
  type: string
  href: string
  outline: string
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    const style = element ? getComputedStyle(element) : undefined
    return {
      id: element?.id ?? '',
      tag: element?.tagName.toLowerCase() ?? '',
      type: element?.getAttribute('type') ?? '',
      href: element?.getAttribute('href') ?? '',
      outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
    }
  })
}

/** Presses Tab (and nothing else) until the element with this id has focus. */
async function tabTo(page: Page, id: string, visited: string[]): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press('Tab')
    const now = await focused(page)
    visited.push(now.id || now.tag)
    if (now.id === id) {
      expect(now.outline, `focus on #${id} must be visible`).not.toMatch(/^none/)
      return
    }
  }
  throw new Error(`#${id} not reached with Tab; visited ${visited.join(' → ')}`)
}

describe('Keyboard', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('reaches the content through the skip link and completes the form with Tab, Space and Enter', async () => {
    const { context, page } = await openPage(browser, '/')
    const visited: string[] = []

    await page.keyboard.press('Tab')
    const skip = await focused(page)
    expect(skip.href).toBe('#main')
    expect(skip.outline).not.toMatch(/^none/)
    expect(await page.locator('.skip-link').isVisible()).toBe(true)
    await page.keyboard.press('Enter')
    expect(await activeElementId(page)).toBe('main')

    await tabTo(page, 'requesterType-professional', visited)
    await page.keyboard.press('Space')
    await tabTo(page, 'sector-care', visited)
    await page.keyboard.press('Space')
    await tabTo(page, 'topic-question', visited)
    await page.keyboard.press('Space')
    await tabTo(page, 'email', visited)
    await page.keyboard.type('toetsenbord@school.example.nl')
    await tabTo(page, 'description', visited)
    await page.keyboard.type('Ik stel mijn vraag alleen met het toetsenbord.')
    await tabTo(page, 'signals-extreme-ideas', visited)
    await page.keyboard.press('Space')
    await tabTo(page, 'consent', visited)
    await page.keyboard.press('Space')

    await page.keyboard.press('Tab')
    expect((await focused(page)).href).toBe('#privacy')
    await page.keyboard.press('Tab')
    const button = await focused(page)
    expect(button).toMatchObject({ tag: 'button', type: 'submit' })
    expect(button.outline).not.toMatch(/^none/)
    // The honeypot is never a Tab stop.
    expect(visited).not.toContain('website')

    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'We hebben uw vraag ontvangen' }).waitFor()
    expect(await activeElementId(page)).toBe('confirmation-title')
    expect(await storedCase(await referenceOn(page))).toMatchObject({
      requesterType: 'professional',
      sector: 'care',
      topic: 'question',
      email: 'toetsenbord@school.example.nl',
      signals: ['extreme-ideas'],
    })
    await context.close()
  })
})
