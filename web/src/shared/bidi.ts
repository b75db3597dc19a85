/**
 * Multi-line texts keep bidirectional controls (they can be real Arabic or Hebrew), but the workspace shows each one
 * visibly, e.g. `⟨U+202E⟩`, so that no text can hide or reorder what it says (issue 17).
 */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g

/** The text with each bidirectional control replaced by its visible name, `⟨U+XXXX⟩`. */
export function showBidiControls(text: string): string {
  return text.replace(
    BIDI_CONTROLS,
    (control) => `⟨U+${(control.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`,
  )
}
