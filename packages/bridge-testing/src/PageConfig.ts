import type { RecordSeed } from '@cif-bridge/records';
import type { TestHostConfig } from './TestHostConfig.js';

/**
 * What the test host's server hands its page (as JSON in the page, never as script): the widget, the
 * host configuration, and how to run the record store. Internal to this package.
 */
export interface PageConfig extends Omit<TestHostConfig, 'records'> {
  /** The widget's URL; its origin is the one origin the host trusts. */
  widgetUrl: string;
  /** Create templates the first time a widget names them (see `developmentTemplates` of the host). */
  developmentTemplates: boolean;
  /** The embedded record store: its IndexedDB name (one per seed) and its seed. */
  records: { name: string; seed: RecordSeed };
}

/** The element id of the page's configuration, a `<script type="application/json">`. */
export const PAGE_CONFIG_ID = 'cif-test-host-config';

/** The id of the page's element the call inspector goes in, under the desk. */
export const INSPECTOR_PANEL_ID = 'inspector-panel';

/** The id of the page bar's button that shows and hides the inspector. */
export const INSPECTOR_TOGGLE_ID = 'inspector-toggle';

/** The name of the one provider the test host runs. */
export const WIDGET_PROVIDER = 'widget';

/** The label of that provider, which the default UI shows and titles the widget's iframe with. */
export const WIDGET_LABEL = 'Widget under test';
