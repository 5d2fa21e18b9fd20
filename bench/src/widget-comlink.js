/**
 * comlink alone on a port: the same one-message handshake as the raw port echo, then `wrap(port)`
 * and `remote.ping()`. This is what cif-bridge builds on, so the gap between this variant and the
 * typed client is cif-bridge's own cost.
 */
import { wrap } from 'comlink';
import { hostOriginParam, installWidget } from './harness.js';

const hostOrigin = hostOriginParam();

installWidget('comlink', async () => {
  const port = await new Promise((resolve) => {
    const onMessage = (event) => {
      if (event.source !== window.parent || event.origin !== hostOrigin) return;
      if (event.data?.type !== 'bench/welcome' || event.ports.length !== 1) return;
      window.removeEventListener('message', onMessage);
      resolve(event.ports[0]);
    };
    window.addEventListener('message', onMessage);
    window.parent.postMessage({ type: 'bench/hello' }, hostOrigin);
  });
  const remote = wrap(port);
  return { call: () => remote.ping() };
});
