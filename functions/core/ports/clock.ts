/** Where the time comes from. AWS uses the system clock; the local runtime a dev clock that can be set and advanced. */
export interface Clock {
  now(): Date
}
