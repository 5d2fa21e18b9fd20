/**
 * `@cif-bridge/host`: the agent-page side of cif-bridge. It runs CIF 2.0 widgets in iframes, checks
 * who is calling, owns the session templates, sessions and tabs, and shows them in a default UI.
 *
 * @packageDocumentation
 */
export { BridgeHost } from './BridgeHost.js';
export type { ClickToActPayload } from './ClickToActPayload.js';
export type { ConversationSnapshot } from './ConversationSnapshot.js';
export type { HostDiagnostics } from './HostDiagnostics.js';
export type { HostEvents } from './HostEvents.js';
export type { HostOptions } from './HostOptions.js';
export type { PanelState } from './HostPanel.js';
export { DEFAULT_PRESENCES } from './AgentPresence.js';
export type { PresenceConfig, PresenceInfo } from './AgentPresence.js';
export type { InteractionLogEntry } from './InteractionLog.js';
export type { RaiseEventOptions } from './raiseEvent.js';
export { createHost } from './createHost.js';
export type { BuiltInHandlerName, HandlerName, HostHandler } from './createProviderApi.js';
export type {
  CallEntry,
  DevelopmentEntry,
  EventEntry,
  HandshakeEntry,
  RefusedEntry,
  TraceEntry,
  TraceOption,
} from './HostTrace.js';
export type { HostViewController, NotificationSnapshot, ProviderView, TabRenderer } from './HostViewController.js';
export type { NotificationAnswer } from './NotificationCenter.js';
export type { ProviderConfig } from './Provider.js';
export type { EntityMetadata, RecordChange, RecordData, RecordReference, RecordSource } from './RecordSource.js';
export type { SavedEntityReference } from './RecordForms.js';
export { renderHostView } from './renderHostView.js';
export type { DevelopmentTemplateKind } from './TemplateStore.js';
export type {
  NotificationTemplate,
  ResolveSlug,
  SessionSnapshot,
  SessionTemplate,
  TabSnapshot,
  TabTemplate,
} from './types.js';
export { BridgeError, BridgeErrorCode } from '@cif-bridge/protocol';
export type { JsonValue, TemplateParameters, TemplateParameterValue } from '@cif-bridge/protocol';
