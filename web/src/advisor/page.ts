/** The page's two message regions and the loading note, shared by every workspace page. */
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId } from '../shared/dom.ts'

/** A problem (role=alert): read out at once. */
export function showAlert(text: string): void {
  const box = byId(AdvisorId.pageAlert)
  if (box) box.textContent = text
}

/** A result (role=status): read out politely; cleared first so the same text twice is read twice. */
export function announce(text: string): void {
  const box = byId(AdvisorId.pageStatus)
  if (!box) return
  box.textContent = ''
  setTimeout(() => {
    box.textContent = text
  }, 50)
}

export function doneLoading(): void {
  setVisible(AdvisorId.pageLoading, false)
}

export function setVisible(id: string, visible: boolean): void {
  const element = byId(id)
  if (element) element.hidden = !visible
}
