import type { DevelopmentTemplateListener } from './TemplateStore.js';
import type { NotificationTemplate, ResolveSlug, SessionTemplate, TabTemplate } from './types.js';

/** Options of {@link SessionStore}. */
export interface SessionStoreOptions {
  /** Session templates; checked at construction (see {@link TemplateStore}). */
  sessionTemplates: readonly SessionTemplate[];
  /** Tab templates; checked at construction. */
  tabTemplates: readonly TabTemplate[];
  /** Notification templates for `notifyEvent`. Default none. */
  notificationTemplates?: readonly NotificationTemplate[];
  /** Cap on open sessions, home excluded; `createHost` checks it is a positive whole number. */
  maxSessions: number;
  /** Cap on tabs per session (and on home's tabs), anchor tab included. */
  maxTabsPerSession: number;
  /** Hook for slugs that need a CRM, such as `{anchor.fullname}`; without it they stay as written. */
  resolveSlug?: ResolveSlug;
  /** Makes session and tab ids. Default uuid v4; tests pass a counter for readable ids. */
  createId?: () => string;
  /**
   * The host page's origin (`location.origin`): `webresource` tabs may load URLs on it only, and
   * relative tab URLs resolve against it. The model has no DOM, so the host passes it in.
   */
  origin: string;
  /**
   * Development mode (see `HostOptions.onDevelopmentTemplate`): a template a widget names and nobody
   * configured is created on first use, and this is told its kind, its name and the provider whose
   * call named it. Off when absent.
   */
  onDevelopmentTemplate?: DevelopmentTemplateListener;
}
