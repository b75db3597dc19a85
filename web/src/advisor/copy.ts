/**
 * The workspace's texts: the page hands them over in `data-copy` on <body> (functions/views/advisor/copy.ts
 * SCRIPT_COPY); the script carries none of its own.
 */
import type { ScriptCopy } from '../../../functions/views/advisor/copy.ts'

export type { ScriptCopy }

/** The groups of the copy that map a vocabulary value to its Dutch label. */
export type LabelGroup = Exclude<keyof ScriptCopy, 'statistics' | 'text' | 'done' | 'error' | 'risk' | 'workload'>

export const copy: ScriptCopy = JSON.parse(document.body.dataset.copy ?? '{}')

/** The Dutch label of a vocabulary value (the value itself when the page has no label for it). */
export function label(group: LabelGroup, value: unknown): string {
  const text = (copy[group] as Readonly<Record<string, string>> | undefined)?.[String(value)]
  return typeof text === 'string' ? text : String(value ?? '')
}
