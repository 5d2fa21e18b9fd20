/**
 * The servers and origins of the e2e tests: the example servers (examples/serve.mjs) answer on three
 * origins, and the tests' pages and widgets are told apart by which one they are on.
 */
import { originsFor, resolveOptions } from '../../examples/serve.mjs';

/** The three test origins: the agent host, the widgets, and a third (hostile or fixture host) one. */
export const origins: { host: string; widget: string; hostile: string } = originsFor(resolveOptions());
