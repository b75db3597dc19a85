import { describe, expect, it } from 'vitest'
import {
  MAX_FILE_NAME_LENGTH,
  safeFileName,
  safeMediaType,
} from '../../../../functions/adapters/mime/safe-file-name.ts'

describe('Use case: neutralise an attachment name', () => {
  it.each([
    ['rapport.pdf', 'rapport.pdf'],
    ['  rapport.pdf  ', 'rapport.pdf'],
    ['../../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\evil.dll', 'evil.dll'],
    ['C:\\Users\\Public\\report.pdf', 'report.pdf'],
    ['/var/www/html/shell.php', 'shell.php'],
    ['map/..', 'map'],
    ['rapport.pdf/\u202E', 'rapport.pdf'],
    ['.htaccess', 'htaccess'],
    ['naam. . .', 'naam'],
    ['factuur\u202Efdp.exe', 'factuurfdp.exe'],
    ['\u2066zero\u200Bwidth\uFEFF\u2069.txt', 'zerowidth.txt'],
    ['line\r\nbreak.txt', 'line break.txt'],
    ['tab\there.txt', 'tab here.txt'],
    ['nul\u0000byte.txt', 'nulbyte.txt'],
    ['what?*|<>:".txt', 'what_______.txt'],
    ['CON', '_CON'],
    ['lpt1.txt', '_lpt1.txt'],
    ['console.txt', 'console.txt'],
    ['e\u0301e\u0301n.txt', 'één.txt'],
    ['lone\uD800surrogate.txt', 'lonesurrogate.txt'],
    ['verslag – december 📎.pdf', 'verslag – december 📎.pdf'],
  ])('%j → %j', (name, safe) => {
    expect(safeFileName(name, 'bijlage-1')).toBe(safe)
  })

  it.each([null, undefined, '', '   ', '....', '../..', '\u202E\u200B', '/\\/'])('%j → the fallback', (name) => {
    expect(safeFileName(name, 'bijlage-7.eml')).toBe('bijlage-7.eml')
  })

  it('cuts a long name to 200 code points and keeps its extension', () => {
    const safe = safeFileName(`${'é'.repeat(300)}.docx`, 'x')

    expect(safe).toBe(`${'é'.repeat(MAX_FILE_NAME_LENGTH - 5)}.docx`)
    expect(Array.from(safe)).toHaveLength(200)
  })

  it('cuts a long name of emoji by code points, never through a surrogate pair', () => {
    const safe = safeFileName('😀'.repeat(250), 'x')

    expect(safe).toBe('😀'.repeat(200))
    expect(safe.isWellFormed()).toBe(true)
  })

  it('cuts a long name whose "extension" is itself long without keeping it', () => {
    expect(safeFileName(`a.${'b'.repeat(300)}`, 'x')).toBe(`a.${'b'.repeat(198)}`)
  })
})

describe('Use case: check a declared media type', () => {
  it.each([
    ['application/pdf', 'application/pdf'],
    ['IMAGE/JPEG', 'image/jpeg'],
    [' text/plain; charset=utf-8', 'text/plain'],
    ['application/vnd.ms-excel.sheet.macroEnabled.12', 'application/vnd.ms-excel.sheet.macroenabled.12'],
    ['image/svg+xml', 'image/svg+xml'],
    ['', 'application/octet-stream'],
    [null, 'application/octet-stream'],
    ['pdf', 'application/octet-stream'],
    ['text/html\r\nX-Injected: yes', 'application/octet-stream'],
    ['text/<script>', 'application/octet-stream'],
    ['a/b/c', 'application/octet-stream'],
    [`application/${'x'.repeat(200)}`, 'application/octet-stream'],
  ])('%j → %j', (type, safe) => {
    expect(safeMediaType(type)).toBe(safe)
  })
})
