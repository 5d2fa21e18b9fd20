/** A literal in a `$filter`: OData's string, number, boolean, null and GUID literals (a GUID as its text). */
export type Literal = string | number | boolean | null;

/** A comparison operator of `$filter`. */
export type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** A `$filter` expression, parsed. Fields are attribute logical names (`_x_value` lookups included). */
export type Filter =
  | { kind: 'compare'; op: Comparison; field: string; value: Literal }
  | { kind: 'text'; fn: 'contains' | 'startswith' | 'endswith'; field: string; value: string }
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; operand: Filter };

/** One `$orderby` key. */
export interface OrderKey {
  field: string;
  descending: boolean;
}

/** The OData query options cif-bridge understands, parsed from a widget's query string. */
export interface RecordQuery {
  /** `$select`: the attributes to return (the primary id always comes too); all when absent. */
  select?: string[];
  /** `$filter`. */
  filter?: Filter;
  /** `$search`: terms that must each appear in one of the entity's text attributes. */
  search?: string[];
  /** `$orderby`, first key first. */
  orderBy?: OrderKey[];
  /** `$top`. */
  top?: number;
  /** `$skip`. */
  skip?: number;
}
