export interface Migration {
  /** Strictly increasing; never reuse or edit a released version, add a new one. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
