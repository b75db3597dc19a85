/** The description's character count: visible characters against the minimum, code points against the maximum. */
import { FormId } from '../../../functions/views/pages/element-ids.ts'
import { describedBy, fill } from '../shared/dom.ts'

const VISIBLE_CHARACTER = /[\p{L}\p{N}\p{P}\p{S}]/gu

export const countVisible = (text: string): number => text.match(VISIBLE_CHARACTER)?.length ?? 0
export const countCodePoints = (text: string): number => Array.from(text).length

export function enhanceCharacterCount(form: HTMLFormElement, lang: 'nl' | 'en'): void {
  const messages = form.dataset
  const description = form.querySelector('textarea[name="description"]')
  if (!(description instanceof HTMLTextAreaElement)) return
  const min = Number(description.dataset.minVisible ?? '0')
  const max = description.maxLength > 0 ? description.maxLength : 10_000
  const numbers = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL')
  const counter = document.createElement('p')
  counter.className = 'char-count'
  counter.id = FormId.descriptionCount
  const live = document.createElement('p')
  live.className = 'visually-hidden'
  live.setAttribute('aria-live', 'polite')
  description.after(counter, live)
  describedBy(description, counter.id, true)
  let announce: ReturnType<typeof setTimeout> | undefined
  const update = () => {
    const visible = countVisible(description.value)
    counter.textContent =
      visible < min
        ? fill(messages.msgCountShort ?? '', { missing: numbers.format(min - visible), min: numbers.format(min) })
        : fill(messages.msgCount ?? '', {
            count: numbers.format(countCodePoints(description.value)),
            max: numbers.format(max),
          })
    clearTimeout(announce)
    announce = setTimeout(() => {
      live.textContent = counter.textContent
    }, 1500)
  }
  description.addEventListener('input', update)
  counter.textContent = ''
  update()
  clearTimeout(announce)
}
