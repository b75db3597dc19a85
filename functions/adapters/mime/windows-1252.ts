/**
 * Windows-1252's characters for U+0080–U+009F. Node 20's TextDecoder decodes `windows-1252` (and `iso-8859-1`, which
 * is the same label in the Encoding Standard) as Latin-1, leaving `€ “ ” – …` as C1 control characters; no real text
 * has those, so they are read as Windows-1252 meant them. The five bytes it leaves undefined stay controls (dropped).
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'

export function repairC1(text: string): string {
  return text.replace(/[\u0080-\u009F]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? '')
}
