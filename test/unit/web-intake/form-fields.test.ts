import { describe, expect, it } from 'vitest'
import { formValues, requestFromForm } from '../../../functions/web-intake/form-fields.ts'

describe('Form posts', () => {
  it('turns ticked checkboxes into true, lists into arrays and drops empty inputs', () => {
    const entries = new Map([
      ['anonymous', ['on']],
      ['consent', ['on']],
      ['signals', ['isolation']],
      ['name', ['']],
      ['website', ['']],
      ['topic', ['case']],
    ])
    expect({ ...requestFromForm(entries) }).toEqual({
      anonymous: true,
      consent: true,
      signals: ['isolation'],
      topic: 'case',
    })
  })

  it('passes unexpected shapes on for the schema to refuse', () => {
    const entries = new Map([
      ['consent', ['yes']],
      ['topic', ['case', 'question']],
      ['__proto__', ['x']],
    ])
    const request = requestFromForm(entries)
    expect(request.consent).toBe('yes')
    expect(request.topic).toEqual(['case', 'question'])
    expect(Object.keys(request)).toContain('__proto__')
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('gives back what was typed, to refill the form', () => {
    const entries = new Map([
      ['description', ['Eerste regel\r\ntweede']],
      ['signals', ['isolation', 'hostility']],
    ])
    expect({ ...formValues(entries) }).toEqual({
      description: 'Eerste regel\r\ntweede',
      signals: ['isolation', 'hostility'],
    })
  })
})
