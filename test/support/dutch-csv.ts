/**
 * Reads a CSV the way Excel with Dutch regional settings does, written apart from the code under test: a UTF-8
 * byte-order mark first (reported, then dropped), `;` between cells, `"` quoting with doubled quotes inside, CRLF
 * line ends, and numbers with a decimal comma.
 */
export interface DutchCsv {
  byteOrderMark: boolean
  rows: string[][]
}

export function parseDutchCsv(text: string): DutchCsv {
  const byteOrderMark = text.startsWith('\uFEFF')
  const body = byteOrderMark ? text.slice(1) : text
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let index = 0; index < body.length; index++) {
    const char = body[index]
    if (quoted) {
      if (char === '"' && body[index + 1] === '"') {
        cell += '"'
        index++
      } else if (char === '"') quoted = false
      else cell += char
      continue
    }
    if (char === '"' && cell === '') quoted = true
    else if (char === ';') {
      row.push(cell)
      cell = ''
    } else if (char === '\r' && body[index + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      index++
    } else cell += char
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell])
  return { byteOrderMark, rows }
}

/** A Dutch number ("93,3", "12"): a comma for the decimals, no thousands separator; NaN for anything else. */
export function dutchNumber(text: string): number {
  return /^-?\d+(,\d+)?$/.test(text) ? Number(text.replace(',', '.')) : Number.NaN
}
