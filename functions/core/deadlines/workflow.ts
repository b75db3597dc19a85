/** The execution's name: the reference for the first run, `<reference>-<run>` for later ones. */
export function executionName(reference: string, run = 1): string {
  return run <= 1 ? reference : `${reference}-${run}`
}

/** The state the workflow carries between its tasks: the case id and the steps it has run. No personal data. */
export interface WorkflowState {
  reference: string
  done: string[]
}
