/** Starts and stops the deadline workflow of a stored case: one execution per run, named after the case. */
export interface WorkflowStarter {
  /** Starts the run (the first by default); starting it again while it runs, or after it ended, changes nothing. */
  start(reference: string, run?: number): Promise<'started' | 'running'>
  /** Stops the run if it still runs; a run that ended or never started is left as it is. */
  stop(reference: string, run: number): Promise<void>
}
