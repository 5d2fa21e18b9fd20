import type { JsonValue } from '@cif-bridge/protocol';
import type { PresenceConfig } from './AgentPresence.js';
import type { HandlerName, HostHandler } from './createProviderApi.js';
import type { TraceOption } from './HostTrace.js';
import type { TabRenderer } from './HostViewController.js';
import type { ProviderConfig } from './Provider.js';
import type { RecordSource } from './RecordSource.js';
import type { DevelopmentTemplateKind } from './TemplateStore.js';
import type { NotificationTemplate, ResolveSlug, SessionTemplate, TabTemplate } from './types.js';

/** Options of {@link createHost}. */
export interface HostOptions {
  /** The widgets this host trusts, each with its URL and allowed origins. */
  providers: ProviderConfig[];
  /** Session templates widgets may open. */
  sessionTemplates: SessionTemplate[];
  /** Tab templates the session templates and `createTab` refer to. */
  tabTemplates: TabTemplate[];
  /** Notification templates for `notifyEvent`. */
  notificationTemplates?: NotificationTemplate[];
  /** Where the default UI renders. Without it the host runs headless, with the model only. */
  container?: HTMLElement;
  /** Most open sessions, home excluded. Default 10. */
  maxSessions?: number;
  /** Most tabs per session. Default 10. */
  maxTabsPerSession?: number;
  /** Resolves slugs that need a CRM, such as `{anchor.fullname}`. */
  resolveSlug?: ResolveSlug;
  /** What `getEnvironment` returns to widgets. */
  environment?: { [key: string]: JsonValue };
  /**
   * Where records live (the embedded store of `@cif-bridge/records`, or a CRM): the record methods
   * (`createRecord`, `retrieveRecord`, `updateRecord`, `deleteRecord`, `searchAndOpenRecords`,
   * `getEntityMetadata`) are answered from it. Without it they resolve `NOT_SUPPORTED`. With it,
   * `openForm`, `searchAndOpenRecords`, `renderSearchPage` and `refreshForm` open record and search
   * tabs, from the tab templates `entityrecord`, `search` and `recordsearch`, which are added unless
   * `tabTemplates` has templates of those names; `renderers` draws them (`@cif-bridge/records/ui`).
   */
  records?: RecordSource;
  /**
   * CRM methods the host page provides (a record method with neither a handler nor `records`
   * resolves `NOT_SUPPORTED`), each replacing the built-in one, and replacements of the host's own
   * `setPresence`, `getPresence`, `updateContext`, `updateConversation` and `logAnalyticsEvent`.
   */
  handlers?: Partial<Record<HandlerName, HostHandler>>;
  /**
   * The presences the agent can be in, the first at start: the default UI's picker lists them, and
   * widgets set one with CIF `setPresence(text)`. Default: Available, Busy, Do not disturb, Away, Offline.
   */
  presences?: PresenceConfig[];
  /** Renderers for tab types other than `website` and `webresource`, used by the default UI. */
  renderers?: Record<string, TabRenderer>;
  /** Panel width in pixels at start. Default 340. */
  panelWidth?: number;
  /**
   * Keeps the sessions, their tabs, focus and owners in the page's `sessionStorage`, so they come
   * back when the agent reloads the host page; each provider owns its sessions again once it
   * reconnects. The shared entry's key is `cif-bridge:` and the provider names joined by commas; each
   * provider's sessions are in `<that key>:provider:<name>`, so one provider's data that does not fit
   * costs only its own sessions (see the `persistFailed` event). Writes are batched (at most one per
   * 100 ms, and at once when the page is hidden or unloads). What is read back is checked like widget
   * input, and anything malformed is dropped. Default: off.
   */
  persist?: 'sessionStorage';
  /**
   * Development mode, for a desk on a developer's machine (the test host of `@cif-bridge/testing`
   * turns it on when it has no templates): a session, tab or notification template that a widget
   * names and nobody configured is created on first use, plain (titled with its name; a session gets
   * one tab of the same name, of type `development`, which has no URL), and this function is told its
   * kind and name, to tell the developer (each is also a `development` entry of the trace, which the
   * inspector shows). A widget's first `createSession` then works before any template is written.
   * Never on a real desk: every widget could then open sessions of any name. Default: off.
   */
  onDevelopmentTemplate?: (kind: DevelopmentTemplateKind, name: string) => void;
  /**
   * The trace of everything that crosses the boundary: each call when it is answered (with a capped
   * copy of its arguments, its duration and outcome), each event sent or queued, each handshake and
   * each refused hello with the reason. Read it with `host.trace()`, or follow it with
   * `host.on('trace', …)`. `{ limit }` is how many entries are kept, the oldest dropped first
   * (default 1,000); `false` turns it off, and then it costs nothing: no copy is made, no clock read.
   */
  trace?: TraceOption;
}
