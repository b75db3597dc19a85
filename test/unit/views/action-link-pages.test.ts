import { describe, expect, it } from 'vitest'
import {
  renderActionConfirmPage,
  renderActionDonePage,
  renderActionFailedPage,
  renderActionInvalidPage,
} from '../../../functions/views/advisor/action-link-pages.ts'
import { inlineCodeProblems, tags, text } from './html-checks.ts'

describe('Pages: the one-click acknowledge link, in the workspace’s style', () => {
  const pages = {
    confirm: renderActionConfirmPage({ reference: 'MAR-7K3Q-9XDF', actionPath: '/actions/tok.en' }),
    done: renderActionDonePage({ reference: 'MAR-7K3Q-9XDF', outcome: 'acknowledged' }),
    already: renderActionDonePage({ reference: 'MAR-7K3Q-9XDF', outcome: 'already' }),
    invalid: renderActionInvalidPage({ reason: 'expired' }),
    failed: renderActionFailedPage(),
  }

  it.each(Object.entries(pages))('%s: wears the workspace’s header and styles, not the public site’s', (_, html) => {
    expect(tags(html, 'body')[0]?.attrs.class).toBe('rotterdam-theme advisor')
    expect(tags(html, 'link').map((tag) => tag.attrs.href)).toContain('/assets/advisor.css')
    expect(text(html)).toContain('MAR-werkplek')
    expect(html).not.toContain('emergency')
    expect(tags(html, 'script')).toEqual([])
    expect(tags(html, 'h1')).toHaveLength(1)
    expect(inlineCodeProblems(html)).toEqual([])
  })

  it('links the confirmation and the outcome to the case in the workspace', () => {
    for (const html of [pages.confirm, pages.done, pages.already]) {
      expect(tags(html, 'a').map((tag) => tag.attrs.href)).toContain('/advisor/cases/MAR-7K3Q-9XDF')
    }
    expect(tags(pages.confirm, 'form')[0]?.attrs).toMatchObject({ method: 'post', action: '/actions/tok.en' })
  })

  it('leads a refused or failed link on to the workspace', () => {
    for (const html of [pages.invalid, pages.failed]) {
      expect(tags(html, 'a').map((tag) => tag.attrs.href)).toContain('/advisor/')
    }
  })
})
