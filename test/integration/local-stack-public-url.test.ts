import { describe, expect, it } from 'vitest'
import { readAppConfig } from '../../local/config.ts'
import { ADVISOR_EMAIL, addressedTo, questionRequest, useLocalStack } from './local-stack-harness.ts'

/**
 * Locally the stack's own URL is the public URL of every function (local/platform.ts), known before any function is
 * composed: links in mail lead to this stack, never to the configured production address.
 */
const MONDAY_10 = '2026-12-07T10:00:00+01:00'

describe('Local stack: links in mail lead to the stack itself', () => {
  const local = useLocalStack({ throttle: { ratePerSecond: 10_000, burst: 5_000 } })
  const productionUrl = readAppConfig().publicUrl

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${local.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  it('links the advisor notice of a follow-up box message to the local case page', async () => {
    // Arrange: an anonymous request, answered in the workspace.
    await local.setClock(MONDAY_10)
    const { email: _email, ...request } = questionRequest({ anonymous: true })
    const asked = await post('/api/requests', request)
    expect(asked.status).toBe(201)
    const { reference, receipt } = asked.body as { reference: string; receipt: string }
    await local.settle()
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'replies', { text: 'Goedemiddag, kunt u meer vertellen?' })

    // Act: the requester writes back in the box.
    const written = await post('/api/follow-up/messages', { reference, receipt, text: 'Ja, hij is zestien.' })
    expect(written.status).toBe(201)
    await local.settle()

    // Assert: the assignee's notice links to this stack's case page, in text and HTML.
    const notices = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01']).filter((mail) =>
      mail.subject.includes('nieuw bericht van de melder'),
    )
    expect(notices).toHaveLength(1)
    const caseUrl = `${local.url}/advisor/cases/${reference}`
    expect(notices[0]?.text).toContain(caseUrl)
    expect(notices[0]?.html).toContain(caseUrl)
    expect(`${notices[0]?.text}${notices[0]?.html}`).not.toContain(productionUrl)
  })

  it('links the routing notification (case page and one-click acknowledge) to the stack', async () => {
    await local.setClock(MONDAY_10)
    const reference = await local.submit()
    const [notification] = addressedTo(await local.mailFor(reference), ADVISOR_EMAIL['adv-01'])
    expect(notification?.text).toContain(`${local.url}/advisor/cases/${reference}`)
    expect(notification?.text).toContain(`${local.url}/actions/`)
    expect(`${notification?.text}${notification?.html}`).not.toContain(productionUrl)
  })
})
