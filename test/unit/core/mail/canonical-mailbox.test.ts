import { describe, expect, it } from 'vitest'
import { canonicalMailbox, requesterAddressKey } from '../../../../functions/core/mail/requester-key.ts'
import { SIGNING_KEY } from '../../../fakes/workflow-dependencies.ts'

describe('Automatic-mail caps: one mailbox, however it is spelled', () => {
  it.each([
    ['Victim@Gmail.com', 'victim@gmail.com'],
    ['victim+mar1@gmail.com', 'victim@gmail.com'],
    ['v.i.c.t.i.m@gmail.com', 'victim@gmail.com'],
    ['V.ictim+x@GoogleMail.com', 'victim@gmail.com'],
    [' victim@googlemail.com ', 'victim@gmail.com'],
    ['first.last+news@example.org', 'first.last@example.org'],
    ['First.Last@Example.org', 'first.last@example.org'],
  ])('counts %s as %s', (typed, mailbox) => {
    expect(canonicalMailbox(typed)).toBe(mailbox)
  })

  it('keeps dots outside Gmail and a + that starts the local part', () => {
    expect(canonicalMailbox('a.b@example.org')).not.toBe(canonicalMailbox('ab@example.org'))
    expect(canonicalMailbox('+x@example.org')).toBe('+x@example.org')
  })

  it('gives five spellings of one Gmail mailbox one counting key', () => {
    const spellings = [
      'victim@gmail.com',
      'Victim+a@gmail.com',
      'v.ictim@googlemail.com',
      'VIC.TIM+b@GOOGLEMAIL.COM',
      'vi.ctim+c@gmail.com',
    ]
    const keys = new Set(spellings.map((spelling) => requesterAddressKey(spelling, SIGNING_KEY)))
    expect(keys.size).toBe(1)
    expect(requesterAddressKey('other@gmail.com', SIGNING_KEY)).not.toBe([...keys][0])
  })
})
