/** Fields show and hide as they apply (`data-show-for="name=value"`, `data-hide-for="name"`). */
export function enhanceVisibility(form: HTMLFormElement): void {
  const shownFor = Array.from(form.querySelectorAll<HTMLElement>('[data-show-for]'))
  const hiddenFor = Array.from(form.querySelectorAll<HTMLElement>('[data-hide-for]'))
  const checkedValue = (name: string) => {
    const checked = form.querySelector(`input[name="${CSS.escape(name)}"]:checked`)
    return checked instanceof HTMLInputElement ? checked.value : undefined
  }
  const apply = (clearHidden: boolean) => {
    for (const block of shownFor) {
      const [name = '', value] = (block.dataset.showFor ?? '').split('=')
      block.hidden = checkedValue(name) !== value
    }
    for (const block of hiddenFor) {
      const hide = checkedValue(block.dataset.hideFor ?? '') !== undefined
      const inputs = Array.from(block.querySelectorAll('input'))
      if (hide && clearHidden) for (const input of inputs) input.value = ''
      // On load, keep fields visible that still hold a value (a plain post came back with a problem in them).
      block.hidden = hide && inputs.every((input) => input.value === '')
    }
  }
  apply(false)
  form.addEventListener('change', (event) => {
    const target = event.target
    if (target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox')) {
      apply(target.name === 'anonymous')
    }
  })
}
