/**
 * The copy buttons beside the reference and the receipt code on the confirmation. Without this script they stay
 * hidden and the codes are plain text to write down or select; with it, one tap copies the code as it is (the real
 * hyphens), and the button's status says whether that worked.
 */
export function enhanceCopyButtons(root: ParentNode = document): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    if (button.dataset.copyReady === 'true') continue
    button.dataset.copyReady = 'true'
    const line = button.closest('.reference__text')
    const code = line?.querySelector('.reference__value')
    const status = line?.querySelector('.copy-status')
    if (!code) continue
    button.hidden = false
    button.addEventListener('click', async () => {
      const text = (code.textContent ?? '').trim()
      let copied = false
      try {
        await navigator.clipboard.writeText(text)
        copied = true
      } catch {
        // No clipboard (an older browser, or not allowed): select the code, so copying it by hand is one step.
        const selection = window.getSelection()
        const range = document.createRange()
        range.selectNodeContents(code)
        selection?.removeAllRanges()
        selection?.addRange(range)
      }
      if (status) status.textContent = (copied ? button.dataset.copied : button.dataset.copyFailed) ?? ''
    })
  }
}
