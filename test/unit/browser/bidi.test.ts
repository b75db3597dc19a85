import { describe, expect, it } from 'vitest'
import { showBidiControls } from '../../../web/src/shared/bidi.ts'

describe('Workspace: bidirectional controls are shown, not obeyed', () => {
  it.each([
    ['\u202A', '⟨U+202A⟩'],
    ['\u202B', '⟨U+202B⟩'],
    ['\u202C', '⟨U+202C⟩'],
    ['\u202D', '⟨U+202D⟩'],
    ['\u202E', '⟨U+202E⟩'],
    ['\u2066', '⟨U+2066⟩'],
    ['\u2067', '⟨U+2067⟩'],
    ['\u2068', '⟨U+2068⟩'],
    ['\u2069', '⟨U+2069⟩'],
    ['\u200E', '⟨U+200E⟩'],
    ['\u200F', '⟨U+200F⟩'],
    ['\u061C', '⟨U+061C⟩'],
  ])('shows %j as %s', (control, shown) => {
    expect(showBidiControls(`a${control}b`)).toBe(`a${shown}b`)
  })

  it('shows every one of several, and leaves the rest of the text as it is', () => {
    expect(showBidiControls('invoice\u202Efdp.exe\n\u2066x\u2069')).toBe('invoice⟨U+202E⟩fdp.exe\n⟨U+2066⟩x⟨U+2069⟩')
  })

  it('keeps Arabic and Hebrew, line breaks, zero-width joiners and other characters', () => {
    const text = 'مرحبا\nשלום\u200D\u200B\u00A0 <b>&amp;</b> 👩‍👩‍👧'
    expect(showBidiControls(text)).toBe(text)
  })
})
