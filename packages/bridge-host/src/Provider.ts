import { MAX_QUEUED_EVENTS, createOriginMatcher, type BridgeError, type OriginMatcher } from '@cif-bridge/protocol';
import { invalidInput } from './invalidInput.js';
import { MAX_WANTED_EVENT_NAMES } from './limits.js';
import {
  DEFAULT_FRAME_ALLOW,
  DEFAULT_FRAME_SANDBOX,
  FRAME_FEATURES,
  SANDBOX_TOKENS,
  allowAttribute,
  checkFrameList,
} from './providerFrame.js';
import { FORBIDDEN_SCHEMES } from './resolveTabUrl.js';

/** How a host page declares a widget it trusts. */
export interface ProviderConfig {
  /** Unique name; sessions record it as their owner. */
  name: string;
  /** Label shown to the agent above the widget. Default: the name. */
  label?: string;
  /** The widget's URL. The host creates the panel iframe from it, and trusts its origin. */
  url: string;
  /** More trusted origins (exact, or subdomain wildcards like `https://*.example.com`). Never `'*'`. */
  origins?: string[];
  /** An iframe the page already has for this widget, instead of one made from `url`. */
  frame?: HTMLIFrameElement;
  /** Names of the session and tab templates this provider may use. Default: all of them. */
  templates?: string[];
  /**
   * Permissions Policy features of the frame the host creates (not of `frame`), granted to the `url`
   * origin and the exact `origins` only. Default: microphone, camera, autoplay, clipboard-read,
   * clipboard-write, display-capture, geolocation.
   */
  allow?: string[];
  /**
   * Sandbox tokens of the frame the host creates (not of `frame`). Default: allow-scripts,
   * allow-same-origin, allow-forms, allow-popups, allow-popups-to-escape-sandbox, allow-modals,
   * allow-downloads (no top navigation).
   */
  sandbox?: string[];
}

/** One live connection of a provider's widget document. */
export interface ProviderConnectionLike {
  /** Event names the widget has handlers for. */
  readonly subscriptions: ReadonlySet<string>;
  /** Sends an event on the private port. */
  send(name: string, payload: unknown): void;
  /** Ends the connection. */
  close(reason: string, tellWidget: boolean): void;
}

/**
 * A trusted widget, as the host tracks it: its frame, its allow-list, its live connections, the
 * widget document they belong to, and the events kept while it is away.
 */
export class Provider {
  /** The configured name. */
  readonly name: string;
  /** The label for the agent. */
  readonly label: string;
  /** The panel iframe. */
  readonly frame: HTMLIFrameElement;
  /** Whether the host made the frame (and so removes it on destroy). */
  readonly ownsFrame: boolean;
  /** Tells whether an origin is trusted for this provider. */
  readonly isTrusted: OriginMatcher;
  /** Exact origins the host may announce itself to. */
  readonly announceOrigins: readonly string[];
  /** Template names it may use, or undefined for all. */
  readonly templates: ReadonlySet<string> | undefined;
  /** Whether it asked for click-to-act events. */
  clickToAct = false;
  /** The live connections. */
  readonly connections = new Set<ProviderConnectionLike>();
  readonly #queue: { name: string; payload: unknown }[] = [];
  /** Told of each event sent (true) or queued (false), for the host's trace. */
  readonly #onEvent: ((name: string, delivered: boolean) => void) | undefined;
  /**
   * Event names a document of this widget has had handlers for. They stay wanted across a reload, so
   * an event raised after the new document connected, but before it added its handler again, is
   * queued rather than dropped: a reload must not lose the events raised while it ran. An explicit
   * unsubscribe forgets the name.
   */
  readonly #wanted = new Set<string>();

  /**
   * @param config - the provider's configuration, checked here.
   * @param onEvent - told of each event sent to the widget (true) or queued for it (false).
   */
  constructor(config: ProviderConfig, onEvent?: (name: string, delivered: boolean) => void) {
    this.#onEvent = onEvent;
    const { name, url, frame } = config;
    const origins = config.origins ?? [];
    const invalid = (problem: string): BridgeError =>
      invalidInput(`createHost: provider ${JSON.stringify(name)} ${problem}.`);
    if (typeof name !== 'string' || name === '') throw invalid('needs a non-empty name');
    let target: URL;
    try {
      target = new URL(url, location.href);
    } catch {
      throw invalid(`needs a valid url, not ${JSON.stringify(url)}`);
    }
    // Its origin is the one the host trusts and announces itself to: an opaque origin ('null') can be
    // neither, and a postMessage target of 'null' is never used.
    if (FORBIDDEN_SCHEMES.includes(target.protocol) || target.origin === 'null') {
      throw invalid(`needs an http(s) url with a real origin, not ${JSON.stringify(url)} (its origin is opaque)`);
    }
    if (!Array.isArray(origins)) throw invalid('origins must be an array of origins');
    this.name = name;
    this.label = config.label ?? name;
    this.isTrusted = createOriginMatcher([target.origin, ...origins]);
    this.announceOrigins = [target.origin, ...origins.filter((o) => !o.includes('*') && o !== 'null')];
    this.templates = config.templates === undefined ? undefined : new Set(config.templates);
    const allow = checkFrameList(config.allow, 'allow', FRAME_FEATURES, DEFAULT_FRAME_ALLOW, invalid);
    const sandbox = checkFrameList(config.sandbox, 'sandbox', SANDBOX_TOKENS, DEFAULT_FRAME_SANDBOX, invalid);
    this.ownsFrame = frame === undefined;
    if (frame === undefined) {
      // Both are set before `src`, so the first document already loads under them. The default
      // referrer policy still tells the widget the host's origin (document.referrer), which the
      // sandbox leaves alone.
      this.frame = Object.assign(document.createElement('iframe'), {
        allow: allowAttribute(allow, this.announceOrigins),
        title: this.label,
      });
      this.frame.setAttribute('sandbox', sandbox.join(' '));
      this.frame.src = target.href;
    } else if (frame instanceof HTMLIFrameElement) {
      this.frame = frame;
    } else {
      throw invalid('frame must be an <iframe> element');
    }
  }

  /**
   * Whether `source` is this provider's frame or a frame nested inside it. A same-origin frame
   * elsewhere in the page is not the provider, whatever its origin.
   */
  owns(source: MessageEventSource | null): boolean {
    const own = this.frame.contentWindow;
    if (own === null || source === null || !('parent' in source)) return false;
    // Reading `parent` of a cross-origin window is allowed; the walk ends at the top window, or at
    // null for a window whose frame was removed (it can still have posted before it went).
    for (let w: Window | null = source; w !== null; w = w.parent) {
      if (w === own) return true;
      if (w.parent === w) return false;
    }
    return false;
  }

  /**
   * Whether `source` is the window of the very frame the host created for this provider (not a
   * frame inside it, and not a frame the page handed over): whatever that window says, it is this
   * provider's frame, so the host may tell the page which origin it is really on.
   */
  isCreatedFrame(source: MessageEventSource | null): boolean {
    return this.ownsFrame && source !== null && this.frame.contentWindow === source;
  }

  /** How many events wait for the widget to connect or to add its handler. */
  get queuedCount(): number {
    return this.#queue.length;
  }

  /**
   * Delivers an event to every connection that handles it. While the provider has no connection, or
   * none of its connections handles a name it handled before (a reloaded widget that has not added
   * its handler yet), the event is queued (the oldest dropped past MAX_QUEUED_EVENTS, with a warning)
   * and delivered in order when a connection subscribes to its name.
   */
  emit(name: string, payload: unknown): void {
    let delivered = false;
    for (const connection of this.connections) {
      if (connection.subscriptions.has(name)) {
        connection.send(name, payload);
        delivered = true;
      }
    }
    if (delivered) this.#onEvent?.(name, true);
    // A connected widget that never handled this event does not want it. Nothing crossed the
    // boundary, so the trace has no entry for it either.
    if (delivered || (this.connections.size > 0 && !this.#wanted.has(name))) return;
    this.#queue.push({ name, payload });
    this.#onEvent?.(name, false);
    if (this.#queue.length > MAX_QUEUED_EVENTS) {
      const dropped = this.#queue.shift();
      console.warn(`cif-bridge: provider "${this.name}" is away; dropped its oldest queued event ${dropped?.name}.`);
    }
  }

  /** A connection removed its handler for `name`: unless another still has one, forget the name. */
  unsubscribed(name: string): void {
    for (const connection of this.connections) if (connection.subscriptions.has(name)) return;
    this.#wanted.delete(name);
    this.#queue.splice(0, this.#queue.length, ...this.#queue.filter((event) => event.name !== name));
  }

  /** Sends the queued events of `name` to `connection`, in order, and forgets them. */
  flush(name: string, connection: ProviderConnectionLike): void {
    this.#wanted.add(name);
    if (this.#wanted.size > MAX_WANTED_EVENT_NAMES) {
      // The oldest name no live connection handles goes (see MAX_WANTED_EVENT_NAMES).
      for (const old of this.#wanted) {
        if (![...this.connections].some((c) => c.subscriptions.has(old))) {
          this.unsubscribed(old);
          break;
        }
      }
    }
    let kept = 0;
    for (const event of this.#queue) {
      if (event.name === name) {
        connection.send(event.name, event.payload);
        this.#onEvent?.(name, true);
      } else this.#queue[kept++] = event;
    }
    this.#queue.length = kept;
  }

  /** Closes every connection (a reload, or the host going away). */
  closeAll(reason: string, tellWidget: boolean): void {
    for (const connection of [...this.connections]) connection.close(reason, tellWidget);
  }
}
