/** Starts the deadline workflow of a stored case; starting it again while it runs changes nothing. */
export interface WorkflowStarter {
  start(reference: string): Promise<'started' | 'running'>
}

/** The state the workflow carries between its tasks: the case id and the steps it has run. No personal data. */
export interface WorkflowState {
  reference: string
  done: string[]
}
