import { describe, expect, it } from 'vitest'
import {
  MAX_INDEXED_CHARACTERS,
  queryTerms,
  searchIndexKey,
  searchTermHash,
  textTerms,
} from '../../../../functions/core/search/search-terms.ts'

describe('Search terms: what a text is found by', () => {
  it.each([
    ['accents and capitals fold away', 'Zoë MÜLLER-Çelik', ['word:zoe', 'word:muller', 'word:celik']],
    [
      'an e-mail address is one term, in lower case',
      'Mail Jan.Jansen@School.NL.',
      ['email:jan.jansen@school.nl', 'word:mail'],
    ],
    ['a Dutch phone number as people write it', 'bel +31 (0)6-1234 5678', ['phone:0612345678', 'word:bel']],
    ['the same number written otherwise', '06 12 34 56 78', ['phone:0612345678']],
    ['a reference, in any letter case', 'zie mar-ab12-cd34', ['ref:MAR-AB12-CD34', 'word:zie']],
    ['articles and one-letter words are no terms', 'de leerling en een ouder, a b', ['word:leerling', 'word:ouder']],
    ['compatibility forms fold (ﬁ)', 'ﬁlmpjes', ['word:filmpjes']],
  ])('%s', (_kind, text, terms) => {
    expect(textTerms(text)).toEqual(terms)
  })

  it('reads a query by the same rules, so it finds what a text was indexed under', () => {
    expect(queryTerms('  MAR-AB12-CD34 ')).toEqual(['ref:MAR-AB12-CD34'])
    expect(queryTerms('Müller jan.jansen@school.nl')).toEqual(['email:jan.jansen@school.nl', 'word:muller'])
    expect(queryTerms('de het een')).toEqual([])
  })

  it('indexes only the start of a very long text, in linear time', () => {
    const text = `${'a'.repeat(MAX_INDEXED_CHARACTERS)} voorbij`
    const started = performance.now()
    expect(textTerms(text)).toEqual([])
    expect(textTerms('x@'.repeat(1_000_000))).toEqual([])
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('hashes a term under a key derived from the secret: another secret, another hash; never the term', () => {
    const one = searchIndexKey(new TextEncoder().encode('a'.repeat(40)))
    const other = searchIndexKey(new TextEncoder().encode('b'.repeat(40)))
    const hash = searchTermHash('word:muller', one)
    expect(hash).toMatch(/^[0-9a-f]{32}$/)
    expect(searchTermHash('word:muller', one)).toBe(hash)
    expect(searchTermHash('word:muller', other)).not.toBe(hash)
    expect(searchTermHash('word:mullet', one)).not.toBe(hash)
  })
})
