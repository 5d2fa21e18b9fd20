import type { BridgeError } from '@cif-bridge/protocol';

/**
 * The Permissions Policy features a provider's frame may be granted (`allow`). A softphone needs the
 * microphone and camera; the rest are what contact-centre widgets commonly use.
 */
export const FRAME_FEATURES = [
  'microphone',
  'camera',
  'autoplay',
  'clipboard-read',
  'clipboard-write',
  'display-capture',
  'geolocation',
  'speaker-selection',
  'fullscreen',
  'picture-in-picture',
  'screen-wake-lock',
  'local-fonts',
  'payment',
  'web-share',
] as const;

/** What a frame the host creates for a provider is granted when the provider says nothing. */
export const DEFAULT_FRAME_ALLOW: readonly string[] = FRAME_FEATURES.slice(0, 7);

/** The sandbox tokens a provider's frame may be given (`sandbox`). */
export const SANDBOX_TOKENS = [
  'allow-scripts',
  'allow-same-origin',
  'allow-forms',
  'allow-popups',
  'allow-popups-to-escape-sandbox',
  'allow-modals',
  'allow-downloads',
  'allow-presentation',
  'allow-orientation-lock',
  'allow-pointer-lock',
  'allow-storage-access-by-user-activation',
  'allow-top-navigation',
  'allow-top-navigation-by-user-activation',
  'allow-top-navigation-to-custom-protocols',
] as const;

/**
 * The sandbox of a frame the host creates for a provider when the provider says nothing: what
 * Dynamics 365 gives a channel provider's frame, without top navigation, so a cross-origin widget
 * can't send the agent's page elsewhere.
 */
export const DEFAULT_FRAME_SANDBOX: readonly string[] = SANDBOX_TOKENS.slice(0, 7);

/**
 * Checks a provider's `allow` or `sandbox` list: undefined (the default) or an array of the known
 * names, each once.
 *
 * @param value - the configured list.
 * @param field - `allow` or `sandbox`, for the message.
 * @param known - the names it may hold.
 * @param defaults - the list when the provider gives none.
 * @param invalid - makes the INVALID_INPUT error for a problem.
 * @returns the list to apply.
 */
export function checkFrameList(
  value: unknown,
  field: 'allow' | 'sandbox',
  known: readonly string[],
  defaults: readonly string[],
  invalid: (problem: string) => BridgeError,
): readonly string[] {
  if (value === undefined) return defaults;
  const what = field === 'allow' ? 'Permissions Policy feature names' : 'sandbox tokens';
  if (!Array.isArray(value)) throw invalid(`${field} must be an array of ${what}, such as ${JSON.stringify(defaults)}`);
  for (const entry of value) {
    if (typeof entry !== 'string' || !known.includes(entry)) {
      throw invalid(
        `${field} has ${JSON.stringify(entry)}, which is not one of the ${what} it may list: ${known.join(', ')}` +
          (field === 'allow' ? ' (the host adds the origins; a feature is never granted to *)' : ''),
      );
    }
  }
  return [...new Set(value as string[])];
}

/**
 * The `allow` attribute granting each feature to `origins` only (the provider's url origin and its
 * exact extra origins), never to `*`: a frame the widget navigates elsewhere, or nests, on another
 * origin gets none of them.
 */
export function allowAttribute(features: readonly string[], origins: readonly string[]): string {
  return features.map((feature) => `${feature} ${origins.join(' ')}`).join('; ');
}
