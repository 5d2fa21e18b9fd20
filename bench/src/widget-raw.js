/**
 * The two physical baselines: a raw `window.postMessage` echo, and a raw `MessagePort` echo after a
 * one-message handshake. Each call is a promise matched to its answer by a counter id, which is the
 * least any promise-based RPC has to do; the host side (bench/src/host.js) only echoes.
 */
import { hostOriginParam, installWidget, variantParam } from './harness.js';

const hostOrigin = hostOriginParam();
const variant = variantParam();

/** Promise plumbing shared by both: post `{ id }`, resolve when the same id comes back. */
function rpc(post) {
  const pending = new Map();
  let next = 0;
  return {
    call() {
      next += 1;
      const id = next;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        post({ id, method: 'ping' });
      });
    },
    answer(data) {
      const resolve = pending.get(data?.id);
      if (resolve === undefined) return;
      pending.delete(data.id);
      resolve(undefined);
    },
    pendingCount: () => pending.size,
  };
}

async function connectWindow() {
  const { call, answer, pendingCount } = rpc((message) => window.parent.postMessage(message, hostOrigin));
  window.addEventListener('message', (event) => {
    if (event.source === window.parent && event.origin === hostOrigin) answer(event.data);
  });
  return { call, pendingCount };
}

async function connectPort() {
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
  const { call, answer, pendingCount } = rpc((message) => port.postMessage(message));
  port.onmessage = (event) => answer(event.data);
  return { call, pendingCount };
}

installWidget(variant, variant === 'raw-window' ? connectWindow : connectPort);
