/** Who is calling: a provider, and the templates it may use. */
export interface Caller {
  /** Name of the provider; sessions it creates belong to it. */
  provider: string;
  /**
   * Names of the session and tab templates this provider may use; all when undefined. Any other
   * template gives the same `TEMPLATE_NOT_FOUND` text as an unknown one.
   */
  templates?: ReadonlySet<string>;
}
