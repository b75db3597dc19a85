/** Starts and stops the deadline workflow of a stored case: one execution per run, named after the case. */
export interface WorkflowStarter {
  /** Starts the run (the first by default); starting it again while it runs, or after it ended, changes nothing. */
  start(reference: string, run?: number): Promise<'started' | 'running'>
  /** Stops the run if it still runs; a run that ended or never started is left as it is. */
  stop(reference: string, run: number): Promise<void>
}

/** The execution's name: the reference for the first run, `<reference>-<run>` for later ones. */
export function executionName(reference: string, run = 1): string {
  return run <= 1 ? reference : `${reference}-${run}`
}

/** The state the workflow carries between its tasks: the case id and the steps it has run. No personal data. */
export interface WorkflowState {
  reference: string
  done: string[]
}
