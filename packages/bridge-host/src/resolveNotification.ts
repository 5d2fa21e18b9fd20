import type { TemplateParameters } from '@cif-bridge/protocol';
import { MAX_ID_LENGTH } from './limits.js';
import { isAbsent, readCapped, readInputObject, readTemplateName, readTemplateParameters } from './readArguments.js';
import type { TemplateStore } from './TemplateStore.js';

/** Seconds a notification waits for the agent before it answers `Timeout`, unless its template says. */
const DEFAULT_NOTIFICATION_TIMEOUT_SECONDS = 120;

/** A notification template resolved for one `notifyEvent` call, ready to show. */
export interface ResolvedNotification {
  /** The notification template's name. */
  templateName: string;
  /** The title, slugs replaced; plain text. */
  title: string;
  /** The labelled fields in configured order, values' slugs replaced; plain text. */
  fields: { label: string; value: string }[];
  /** Seconds before the notification answers `Timeout` by itself. */
  timeoutSeconds: number;
  /** Label of the accept button. */
  acceptLabel: string;
  /** Label of the reject button. */
  rejectLabel: string;
  /** `input.cancellationToken`, when the widget put its cancellation token there. */
  cancellationToken: string | undefined;
}

/** What resolving a notification needs from the session store. */
export interface NotificationSources {
  /** The calling provider, for development mode's listener. */
  provider: string;
  /** The templates. */
  templates: TemplateStore;
  /** Whether a name is a tab template's, whose object in `templateParameters` holds that tab's values. */
  isTabTemplateName: (name: string) => boolean;
  /** `text` with its slugs replaced from `values`, then the host's slug hook. */
  replaceSlugs: (text: string, values: TemplateParameters) => string;
}

/**
 * Resolves a notification template for CIF `notifyEvent`: the title and field values get their
 * slugs replaced from `templateParameters`, then the hook. Notification templates are shared by all
 * providers.
 *
 * @param input - `{ templateName, templateParameters? }`, or its JSON text, as the widget sent it.
 * @param sources - the templates and the slug replacement of the session store.
 * @returns what the view shows, with defaults filled in (120 s, "Accept", "Reject").
 * @throws BridgeError `INVALID_INPUT` or `TEMPLATE_NOT_FOUND`.
 */
export function resolveNotification(input: unknown, sources: NotificationSources): ResolvedNotification {
  const { data } = readInputObject(input);
  const name = readTemplateName(data);
  const values = readTemplateParameters(data.templateParameters, sources.isTabTemplateName);
  const template = sources.templates.notificationTemplate(name, sources.provider);
  const resolve = (text: string): string => sources.replaceSlugs(text, values);
  return {
    templateName: template.name,
    title: resolve(template.title),
    fields: Object.entries(template.fields ?? {}).map(([label, value]) => ({ label, value: resolve(value) })),
    timeoutSeconds: template.timeoutSeconds ?? DEFAULT_NOTIFICATION_TIMEOUT_SECONDS,
    acceptLabel: template.acceptLabel ?? 'Accept',
    rejectLabel: template.rejectLabel ?? 'Reject',
    cancellationToken: isAbsent(data.cancellationToken)
      ? undefined
      : readCapped(data.cancellationToken, 'cancellationToken', MAX_ID_LENGTH, 'Use a shorter token.'),
  };
}
