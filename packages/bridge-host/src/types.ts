import type { JsonValue, TemplateParameters } from '@cif-bridge/protocol';

/** A session template: what a new session is made of (docs/host.md, "Session templates"). */
export interface SessionTemplate {
  /** Unique name; widgets pass it as `templateName`. */
  name: string;
  /** Optional tag; widgets may pass it as `templateTag` and get the first template that carries it. */
  tag?: string;
  /** Session title; may hold `{slugs}` such as `Chat with {customer}`. */
  title: string;
  /** Name of the tab template of the session's first tab, which can't be closed. */
  anchorTab: string;
  /** Names of tab templates opened after the anchor tab. */
  tabs?: string[];
  /** Panel mode to switch to when the session opens: 0 minimized, 1 docked, 2 hidden. */
  panelMode?: 0 | 1 | 2;
  /** Panel width in pixels to set when the session opens (under 300 is ignored, as `setWidth` does). */
  panelWidth?: number;
  /** Optional icon URL shown in the session list. */
  icon?: string;
}

/** A tab template: what one application tab shows (docs/host.md, "Tab templates"). */
export interface TabTemplate {
  /** Unique name; session templates and `createTab` refer to it. */
  name: string;
  /** Optional tag, matched by `getTabs(name, tag)`. */
  tag?: string;
  /** Tab title; may hold `{slugs}`. */
  title: string;
  /**
   * `website` (a third-party URL in a sandboxed iframe, from `parameters.url`), `webresource` (a URL on
   * the host's own origin), or a type the host page renders itself through `renderers`.
   */
  type: 'website' | 'webresource' | (string & {});
  /**
   * Configured parameters; string values may hold `{slugs}`. Runtime values beat these, except `url`:
   * a tab's URL comes from here only. A widget may fill the `{slugs}` in `url`, each value
   * percent-encoded as one component, and never pass a `url` of its own. A relative `url` resolves
   * against the host page's origin. `website` URLs must be `https:` (or `http:` on localhost,
   * `*.localhost`, 127.0.0.0/8 or [::1]), `webresource` URLs must stay on the host page's origin, and
   * `javascript:`, `data:`, `blob:` and `about:` URLs are refused for every type.
   */
  parameters: TemplateParameters;
  /**
   * For a `webresource` tab only: the path its resolved URL must stay under, such as `/customers/`
   * (a prefix without a trailing `/` also allows that exact path). Default: every path on the origin.
   */
  allowedPathPrefix?: string;
  /** Whether the agent may close the tab; the anchor tab can never be closed. Default true. */
  canClose?: boolean;
  /**
   * Shows a "Send to customer" action on the tab in the default UI (for a knowledge article): it
   * raises `onsendkbarticle` with `{ title, link }`, the tab's title and URL, to the session's owner.
   * Default false.
   */
  sendToCustomer?: boolean;
}

/** A notification template, for `notifyEvent` (docs/host.md, "Notification templates"). */
export interface NotificationTemplate {
  /** Unique name; widgets pass it as `templateName`. */
  name: string;
  /** Title; may hold `{slugs}`. */
  title: string;
  /** Labelled fields shown in the notification; values may hold `{slugs}`. */
  fields?: Record<string, string>;
  /** Seconds before the notification answers `Timeout` by itself. Default 120. */
  timeoutSeconds?: number;
  /** Label of the accept button. Default "Accept". */
  acceptLabel?: string;
  /** Label of the reject button. Default "Reject". */
  rejectLabel?: string;
}

/**
 * Resolves a slug that needs a CRM, such as `{anchor.fullname}` or `{$odata.…}`. Return `undefined`
 * to leave the slug as written.
 */
export type ResolveSlug = (slug: string, context: { [key: string]: JsonValue }) => string | undefined;

/** One tab of an open session, as plain data. */
export interface TabSnapshot {
  /** The tab id (uuid v4). */
  id: string;
  /** The resolved title. */
  title: string;
  /** The tab template it came from. */
  templateName: string;
  /** The tab template's type (`website`, `webresource`, or a registered one). */
  type: string;
  /** Whether it is the focused tab of its session. */
  focused: boolean;
  /** Whether it is the anchor tab (the session's first, which can't be closed). */
  anchor: boolean;
  /** Whether the agent may close it. */
  canClose: boolean;
  /** Whether its template shows a "Send to customer" action (see {@link TabTemplate.sendToCustomer}). */
  sendToCustomer?: boolean;
  /** The resolved parameters, such as the final `url`. */
  parameters: TemplateParameters;
  /** Counts `refreshTab` calls, so a view knows to reload the tab's content. */
  refreshCount: number;
}

/** One open session, as plain data. Returned by `BridgeHost.getSessions()`. */
export interface SessionSnapshot {
  /** The session id (uuid v4). */
  id: string;
  /** The resolved title. */
  title: string;
  /** The session template it came from. */
  templateName: string;
  /** Name of the provider that created and owns it. */
  provider: string;
  /** Whether it has focus. */
  focused: boolean;
  /** The `context` given at creation, as `updateContext` changed it since. */
  context: { [key: string]: JsonValue };
  /** The correlationId of the createSession call that made it. */
  correlationId: string;
  /** Unread count from `notifyNewActivity`; cleared when the session takes focus. */
  newActivity: number;
  /** Whether `notifyKpiBreach` marked it, and the details given. */
  kpiBreach: { details: string } | null;
  /** Set by `requestFocusSession` on an unfocused session until it takes focus. */
  focusRequest: { messagesCount: number } | null;
  /** The id of the session's conversation (a uuid made when the session was created). */
  conversationId: string;
  /** The conversation's data, as `updateConversation` left it. */
  conversationData: { [key: string]: JsonValue };
  /** Its tabs, anchor tab first. */
  tabs: TabSnapshot[];
}
